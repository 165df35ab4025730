// GroupAccumulators' fused targets (decision 85): the first whole block of a group is told to
// overwrite storage that was never zeroed, every later block to add to it, and targets after a
// gap find the gap zeroed.
#include <catch2/catch.hpp>

#include <cstddef>

#include "spincom/engine/group_accumulators.hpp"
#include "support/dirty_heap.hpp"

using spincom::AccumulatorTable;
using spincom::GroupAccumulators;
using spincom::LaneAccumulators;
using spincom::Vector6;
using spincom::test::dirty_the_heap;
using spincom::test::is_zero;

TEST_CASE("GroupAccumulators: the first fused block of a group overwrites, later ones add, gaps are zeroed") {
  const std::size_t groups = 3, samples = 10;
  dirty_the_heap(groups * samples);
  AccumulatorTable u(groups, samples), v(groups, samples);
  GroupAccumulators observer(groups, samples, {&u, &v});
  LaneAccumulators* at[GroupAccumulators::max_channels] = {};

  SECTION("first block overwrites, the next one adds to the same entries") {
    CHECK(observer.fused_targets(1, 0, samples, at));
    CHECK(at[0] == &static_cast<const AccumulatorTable&>(u)[samples]);
    CHECK(at[1] == &static_cast<const AccumulatorTable&>(v)[samples]);
    for (std::size_t k = 0; k < samples; ++k) {  // stands in for the kernel: overwrites every field, then adds
      for (std::size_t c = 0; c < 2; ++c) at[c][k] = LaneAccumulators{};
      at[0][k].add(0, Vector6::Constant(1.0));
    }
    CHECK_FALSE(observer.fused_targets(1, 0, samples, at));  // written now: add, do not overwrite
    CHECK(at[0][3].n[0] == 1.0);                             // and nothing was zeroed under it
    CHECK(observer.fused_targets(2, 0, samples, at));        // another group is still fresh
  }
  SECTION("a block after a gap overwrites its targets and finds the gap zeroed") {
    CHECK(observer.fused_targets(0, 4, 3, at));
    for (std::size_t k = 0; k < 4; ++k) {
      CHECK(is_zero(static_cast<const AccumulatorTable&>(u)[k]));
      CHECK(is_zero(static_cast<const AccumulatorTable&>(v)[k]));
    }
    CHECK(at[0] == &static_cast<const AccumulatorTable&>(u)[4]);
  }
  SECTION("one channel written is enough to make every channel add") {
    v[2 * samples + 0].add(0, Vector6::Constant(2.0));
    CHECK_FALSE(observer.fused_targets(2, 0, 2, at));
    CHECK(is_zero(*at[0]));      // u's entry, never written: zeroed for adding
    CHECK(at[1]->n[0] == 1.0);   // v's entry keeps what it holds
  }
}
