// AccumulatorTable: a new table reads as zeros, a group is zeroed when first written (also over
// reused, dirty memory), and copies and moves keep exactly what was written.
#include <catch2/catch.hpp>

#include <cstring>
#include <limits>
#include <stdexcept>

#include "spincom/statistics/accumulator_table.hpp"
#include "support/dirty_heap.hpp"

using spincom::AccumulatorTable;
using spincom::LaneAccumulators;
using spincom::Vector6;
using spincom::test::dirty_the_heap;
using spincom::test::is_zero;

namespace {

bool same(const LaneAccumulators& a, const LaneAccumulators& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("AccumulatorTable: a new table reads as zeros and a written group is zeroed first, even over dirty memory") {
  const std::size_t groups = 5, samples = 7;
  dirty_the_heap(groups * samples);
  AccumulatorTable t(groups, samples);
  REQUIRE(t.size() == groups * samples);
  const AccumulatorTable& read = t;
  for (std::size_t i = 0; i < t.size(); ++i) CHECK(is_zero(read[i]));
  t[2 * samples + 3].add(1, Vector6::Constant(0.5));
  LaneAccumulators expected{};
  expected.add(1, Vector6::Constant(0.5));
  CHECK(same(read[2 * samples + 3], expected));
  for (std::size_t k = 0; k < samples; ++k)
    if (k != 3) CHECK(is_zero(read[2 * samples + k]));  // the rest of the written group: zeroed, not dirty
  LaneAccumulators* g4 = t.entries(4 * samples, samples);
  for (std::size_t k = 0; k < samples; ++k) CHECK(is_zero(g4[k]));
  CHECK(&read[4 * samples] == g4);  // a written group is read in place
}

TEST_CASE("AccumulatorTable: copies and moves keep the written groups bit for bit and the others zero") {
  AccumulatorTable t(3, 4);
  t[5].add(0, Vector6::Constant(-0.0));
  t[5].add(7, Vector6::Constant(std::numeric_limits<double>::infinity()));
  const AccumulatorTable copy(t);
  AccumulatorTable assigned(1, 1);
  assigned = t;
  for (const AccumulatorTable* c : {&copy, static_cast<const AccumulatorTable*>(&assigned)}) {
    REQUIRE(c->size() == t.size());
    for (std::size_t i = 0; i < t.size(); ++i) CHECK(same((*c)[i], static_cast<const AccumulatorTable&>(t)[i]));
  }
  t[0].add(2, Vector6::Constant(1.0));  // the copy does not share storage
  CHECK(is_zero(copy[0]));
  const AccumulatorTable moved(std::move(assigned));
  CHECK(moved.size() == 12);
  CHECK(same(moved[5], copy[5]));
  CHECK(assigned.size() == 0);  // NOLINT(bugprone-use-after-move): a moved-from table is empty
  AccumulatorTable self(copy);
  AccumulatorTable& alias = self;
  self = std::move(alias);  // a self-move leaves the table as it was
  REQUIRE(self.size() == 12);
  CHECK(same(static_cast<const AccumulatorTable&>(self)[5], copy[5]));
}

TEST_CASE("AccumulatorTable: a table without samples copies and moves") {
  const AccumulatorTable empty(4, 0);
  CHECK(empty.size() == 0);
  AccumulatorTable copy(empty);
  CHECK(copy.groups() == 4);
  CHECK(copy.size() == 0);
  const AccumulatorTable moved(std::move(copy));
  CHECK(moved.groups() == 4);
  CHECK(copy.groups() == 0);  // NOLINT(bugprone-use-after-move): a moved-from table is empty
}

TEST_CASE("AccumulatorTable: claim hands out unwritten entries without zeroing them, once") {
  dirty_the_heap(12);
  AccumulatorTable t(2, 6);
  CHECK(t.unwritten(0, 6));
  CHECK(t.unwritten(6, 6));
  t[1].add(3, Vector6::Constant(2.0));
  CHECK_FALSE(t.unwritten(0, 6));
  CHECK(t.unwritten(2, 4));
  LaneAccumulators* c = t.claim(8, 3);
  CHECK(c == &static_cast<const AccumulatorTable&>(t)[8]);  // claimed entries are read in place
  CHECK_FALSE(t.unwritten(8, 1));
  CHECK(t.unwritten(11, 1));
  CHECK(is_zero(static_cast<const AccumulatorTable&>(t)[6]));  // the gap before a claim: zeroed, not dirty
  CHECK(is_zero(static_cast<const AccumulatorTable&>(t)[7]));
  CHECK(&static_cast<const AccumulatorTable&>(t)[6] == c - 2);  // ... in place
  CHECK_THROWS_AS(t.claim(10, 2), std::logic_error);  // entry 10 is claimed already
  CHECK_THROWS_AS(t.claim(0, 2), std::logic_error);   // entry 1 was written
}
