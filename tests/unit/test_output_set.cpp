// Output sets (io/output_set.hpp): all files of a run appear together or not at all; an earlier
// result is replaced only when asked; special files are never renamed over; a second writer is
// refused; an unfinished set leaves nothing behind. Every special file is made inside a private
// temporary folder (never a system path: the tests run as root).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "spincom/core/error.hpp"
#include "spincom/io/output_set.hpp"
#include "support/scratch_path.hpp"

using namespace spincom;
namespace fs = std::filesystem;

namespace {

/// A fresh private folder in the test process's scratch folder, removed at the end.
struct TempFolder {
  fs::path path;
  explicit TempFolder(const std::string& tag) {
    path = spincom::test::scratch_path("output_set_" + tag);
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Everything in a folder (names, hidden ones included), sorted.
std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void write_set(const fs::path& dir, const std::string& content, OnExisting existing) {
  OutputSet set = OutputSet::directory(dir, {"a.csv", "b.csv"}, existing, "test");
  set.write("a.csv", [&](std::ostream& os) { os << content << " a"; });
  set.write("b.csv", [&](std::ostream& os) { os << content << " b"; });
  set.commit();
}

}  // namespace

TEST_CASE("A directory set appears whole, with its manifest, and leaves no staging behind") {
  TempFolder tmp("whole");
  const fs::path dir = tmp.path / "run";
  {
    OutputSet set = OutputSet::directory(dir, {"a.csv", "b.csv"}, OnExisting::refuse, "spincom test");
    set.write("a.csv", [](std::ostream& os) { os << "first"; });
    CHECK_FALSE(fs::exists(dir));  // nothing is visible before the commit
    set.write("b.csv", [](std::ostream& os) { os << "second"; });
    const auto files = set.commit();
    CHECK(files.size() == 3);
  }
  CHECK(listing(tmp.path) == std::vector<std::string>{"run"});
  CHECK(listing(dir) == std::vector<std::string>{"a.csv", "b.csv", manifest_name});
  CHECK(read(dir / "a.csv") == "first");
  CHECK(read(dir / manifest_name).find("\"command\": \"spincom test\"") != std::string::npos);
}

TEST_CASE("An earlier result is kept unless replacing is asked for") {
  TempFolder tmp("earlier");
  const fs::path dir = tmp.path / "run";
  write_set(dir, "old", OnExisting::refuse);
  CHECK_THROWS_AS(write_set(dir, "new", OnExisting::refuse), OutputConflict);
  CHECK(read(dir / "a.csv") == "old a");
  write_set(dir, "new", OnExisting::replace);
  CHECK(read(dir / "a.csv") == "new a");
  CHECK(read(dir / "b.csv") == "new b");
  CHECK(listing(tmp.path) == std::vector<std::string>{"run"});  // the swapped-out set is gone
}

TEST_CASE("A set that is not committed removes its staging and leaves the earlier result intact") {
  TempFolder tmp("abandon");
  const fs::path dir = tmp.path / "run";
  write_set(dir, "old", OnExisting::refuse);
  {
    OutputSet set = OutputSet::directory(dir, {"a.csv", "b.csv"}, OnExisting::replace, "test");
    set.write("a.csv", [](std::ostream& os) { os << "new a"; });
    // an injected write failure: the stream goes bad during the second file
    CHECK_THROWS_AS(set.write("b.csv", [](std::ostream& os) { os.setstate(std::ios::badbit); }), IoError);
  }
  CHECK(listing(tmp.path) == std::vector<std::string>{"run"});
  CHECK(read(dir / "a.csv") == "old a");
  CHECK(read(dir / "b.csv") == "old b");
}

TEST_CASE("A folder with files spincom did not write is never used") {
  TempFolder tmp("foreign");
  const fs::path dir = tmp.path / "mine";
  fs::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "keep me";
  CHECK_THROWS_AS(write_set(dir, "x", OnExisting::replace), IoError);
  CHECK(listing(dir) == std::vector<std::string>{"notes.txt"});
  CHECK(listing(tmp.path) == std::vector<std::string>{"mine"});
}

TEST_CASE("Special files and links are never renamed over, for folders and for single files") {
  TempFolder tmp("special");
  const fs::path fifo = tmp.path / "fifo", device = tmp.path / "device", link = tmp.path / "link",
                 dangling = tmp.path / "dangling", target = tmp.path / "target.csv";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  REQUIRE(::mknod(device.c_str(), S_IFCHR | 0644, makedev(1, 3)) == 0);  // like /dev/null, but ours
  std::ofstream(target) << "target";
  fs::create_symlink(target, link);
  fs::create_symlink(tmp.path / "nowhere", dangling);
  for (const fs::path& p : {fifo, device, link, dangling}) {
    INFO(p);
    CHECK_THROWS_AS(OutputSet::single_file(p, OnExisting::replace), IoError);
    CHECK_THROWS_AS(OutputSet::directory(p, {"a.csv"}, OnExisting::replace, "test"), IoError);
  }
  CHECK(fs::is_fifo(fs::symlink_status(fifo)));
  CHECK(fs::is_character_file(fs::symlink_status(device)));
  CHECK(fs::is_symlink(fs::symlink_status(link)));
  CHECK(fs::is_symlink(fs::symlink_status(dangling)));
  CHECK(read(target) == "target");
  CHECK(listing(tmp.path) == std::vector<std::string>{"dangling", "device", "fifo", "link", "target.csv"});
}

TEST_CASE("A single file replaces an earlier one only when asked; '-' is standard output") {
  TempFolder tmp("single");
  const fs::path file = tmp.path / "sweep.csv";
  auto write_one = [&](const std::string& text, OnExisting existing) {
    OutputSet set = OutputSet::single_file(file, existing);
    set.write("sweep.csv", [&](std::ostream& os) { os << text; });
    set.commit();
  };
  write_one("one", OnExisting::refuse);
  CHECK_THROWS_AS(write_one("two", OnExisting::refuse), OutputConflict);
  CHECK(read(file) == "one");
  write_one("two", OnExisting::replace);
  CHECK(read(file) == "two");
  CHECK(listing(tmp.path) == std::vector<std::string>{"sweep.csv"});

  std::ostringstream captured;
  std::streambuf* old = std::cout.rdbuf(captured.rdbuf());
  {
    OutputSet set = OutputSet::single_file("-", OnExisting::refuse);
    set.write("-", [](std::ostream& os) { os << "to stdout"; });
    set.commit();
  }
  std::cout.rdbuf(old);
  CHECK(captured.str() == "to stdout");
}

TEST_CASE("A second writer to the same place is refused at once; a dead writer's partial folder is cleared") {
  TempFolder tmp("lock");
  const fs::path dir = tmp.path / "run";
  {
    OutputSet first = OutputSet::directory(dir, {"a.csv"}, OnExisting::refuse, "test");
    CHECK_THROWS_AS(OutputSet::directory(dir, {"a.csv"}, OnExisting::refuse, "test"), OutputConflict);
    const fs::path file = tmp.path / "x.csv";
    OutputSet one = OutputSet::single_file(file, OnExisting::refuse);
    CHECK_THROWS_AS(OutputSet::single_file(file, OnExisting::refuse), OutputConflict);
  }
  CHECK(listing(tmp.path).empty());  // neither left anything

  // A partial folder whose run died (no lock held) is removed and the place is taken.
  const fs::path stale = tmp.path / ".run.spincom-partial";
  fs::create_directories(stale);
  std::ofstream(stale / "a.csv") << "half";
  write_set(dir, "fresh", OnExisting::refuse);
  CHECK(read(dir / "a.csv") == "fresh a");
  CHECK(listing(tmp.path) == std::vector<std::string>{"run"});
}

TEST_CASE("A set that would not fit on its file system is refused before anything is written") {
  TempFolder tmp("space");
  OutputSet set = OutputSet::directory(tmp.path / "run", {"a.csv"}, OnExisting::refuse, "test");
  set.require_space(1.0, "one byte");  // fits
  CHECK_THROWS_WITH(set.require_space(1e30, "a huge dataset"),
                    Catch::Contains("needs about 1e+21 GB") && Catch::Contains("GB are free") &&
                        Catch::Contains("Nothing was written"));
}

TEST_CASE("Refused sets create nothing, not even missing parent folders") {
  TempFolder tmp("refused");
  const fs::path file = tmp.path / "plain";
  std::ofstream(file) << "x";
  CHECK_THROWS_AS(OutputSet::directory(file / "sub" / "run", {"a.csv"}, OnExisting::refuse, "test"), IoError);
  CHECK_THROWS_AS(OutputSet::single_file(tmp.path / "a" / "", OnExisting::refuse), IoError);
  CHECK(listing(tmp.path) == std::vector<std::string>{"plain"});
  // The current folder (and any folder holding it) is never a result folder: it would be moved.
  const fs::path here = fs::current_path();
  fs::create_directories(tmp.path / "cwd" / "inner");
  fs::current_path(tmp.path / "cwd" / "inner");
  CHECK_THROWS_AS(OutputSet::directory(".", {"a.csv"}, OnExisting::replace, "test"), IoError);
  CHECK_THROWS_AS(OutputSet::directory("..", {"a.csv"}, OnExisting::replace, "test"), IoError);
  fs::current_path(here);
  CHECK(listing(tmp.path / "cwd") == std::vector<std::string>{"inner"});
  CHECK(fs::is_empty(tmp.path / "cwd" / "inner"));
}
