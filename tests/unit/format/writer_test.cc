// The writer's contract: sequential ids that the reader reproduces, bad ids rejected with a
// Status (and the writer still usable), I/O errors named with the path, flush makes data durable.
#include <gtest/gtest.h>
#include <unistd.h>

#include "format/prof_file.h"
#include "test_profiles.h"

namespace pprof {
namespace {

// Designated initializers that skip string members trip -Wmissing-field-initializers.
Process processWith(uint32_t parent, int32_t pid = 0) {
  Process p;
  p.parent = parent;
  p.pid = pid;
  return p;
}
Thread threadIn(uint32_t process) {
  Thread t;
  t.process = process;
  return t;
}
Module moduleIn(uint32_t process) {
  Module m;
  m.process = process;
  return m;
}
Function functionIn(uint32_t module) {
  Function f;
  f.module = module;
  return f;
}

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::tempPath("w.prof");
    auto created = ProfWriter::create(path_);
    ASSERT_TRUE(created.isOk()) << created.message();
    w_ = std::move(created).value();
  }
  void TearDown() override {
    w_.reset();
    unlink(path_.c_str());
  }
  std::string path_;
  std::unique_ptr<ProfWriter> w_;
};

TEST_F(WriterTest, IdsAreSequentialIndexes) {
  EXPECT_EQ(w_->addProcess({}).value(), 0u);
  EXPECT_EQ(w_->addProcess(processWith(0)).value(), 1u);
  EXPECT_EQ(w_->addThread(threadIn(1)).value(), 0u);
  EXPECT_EQ(w_->addThread(threadIn(0)).value(), 1u);
  EXPECT_EQ(w_->addModule(moduleIn(0)).value(), 0u);
  EXPECT_EQ(w_->addLocation(0, 1).value(), 0u);
  EXPECT_EQ(w_->addLocation(kNone, 2).value(), 1u);
  EXPECT_EQ(w_->addStack({{1, 0}}).value(), 0u);
  EXPECT_EQ(w_->addFunction(functionIn(kNone)).value(), 0u);
  EXPECT_EQ(w_->addFunction(functionIn(0)).value(), 1u);
  ASSERT_TRUE(w_->finish().isOk());
  Result<Profile> read = readProfFile(path_);
  ASSERT_TRUE(read.isOk()) << read.message();
  EXPECT_EQ(read.value().processes.size(), 2u);
  EXPECT_EQ(read.value().threads[0].process, 1u);
  EXPECT_EQ(read.value().stacks[0].locations, (std::vector<uint32_t>{1, 0}));
  EXPECT_EQ(read.value().functions[1].module, 0u);
}

TEST_F(WriterTest, RejectsUnknownIdsAndStaysUsable) {
  const std::string p = path_ + ": ";
  EXPECT_EQ(w_->addSample({.stack = 5}).message(), p + "sample: stack 5 out of range (0 stacks)");
  EXPECT_EQ(w_->addProcess(processWith(0)).message(), p + "process: parent 0 out of range (0 processes)");
  EXPECT_EQ(w_->addThread(threadIn(0)).message(), p + "thread: process 0 out of range (0 processes)");
  EXPECT_EQ(w_->addModule(moduleIn(2)).message(), p + "module: process 2 out of range (0 processes)");
  EXPECT_EQ(w_->addLocation(0, 1).message(), p + "location: module 0 out of range (0 modules)");
  EXPECT_EQ(w_->addStack({}).message(), p + "stack: no locations");
  EXPECT_EQ(w_->addStack({{0}}).message(), p + "stack: location 0 out of range (0 locations)");
  EXPECT_EQ(w_->addFunction(functionIn(3)).message(), p + "function: module 3 out of range (0 modules)");
  EXPECT_EQ(w_->updateProcess(0, {}).message(), p + "updateProcess: process 0 out of range (0 processes)");
  EXPECT_EQ(w_->updateThread(0, {}).message(), p + "updateThread: thread 0 out of range (0 threads)");
  EXPECT_EQ(w_->setLocationLines(0, {}).message(),
            p + "setLocationLines: location 0 out of range (0 locations)");
  ASSERT_TRUE(w_->addProcess({}).isOk());
  ASSERT_TRUE(w_->addProcess(processWith(0)).isOk());
  EXPECT_EQ(w_->updateProcess(0, processWith(1)).message(),
            p + "updateProcess: parent 1 is not an earlier process than 0");
  EXPECT_EQ(w_->updateProcess(1, processWith(1)).message(),
            p + "updateProcess: parent 1 is not an earlier process than 1");
  ASSERT_TRUE(w_->addThread({}).isOk());
  ASSERT_TRUE(w_->addLocation(kNone, 7).isOk());
  EXPECT_EQ(w_->addSample({.stack = 0, .thread = 0}).message(),
            p + "sample: stack 0 out of range (0 stacks)");
  ASSERT_TRUE(w_->addStack({{0}}).isOk());
  EXPECT_EQ(w_->addSample({.stack = 0, .thread = 1}).message(),
            p + "sample: thread 1 out of range (1 threads)");
  EXPECT_EQ(w_->setLocationLines(0, {{0, 1}}).message(),
            p + "setLocationLines: function 0 out of range (0 functions)");
  EXPECT_TRUE(w_->addSample({.stack = 0, .thread = 0}).isOk());
  ASSERT_TRUE(w_->finish().isOk());
  Result<Profile> read = readProfFile(path_);
  ASSERT_TRUE(read.isOk()) << read.message();
  EXPECT_EQ(read.value().samples.size(), 1u);
  EXPECT_TRUE(read.value().meta.complete);
}

TEST_F(WriterTest, FlushedRecordsSurviveAKilledWriter) {
  ASSERT_TRUE(w_->addProcess(processWith(kNone, 42)).isOk());
  ASSERT_TRUE(w_->flush().isOk());
  Result<Profile> read = readProfFile(path_);  // the writer is still open, as if killed now
  ASSERT_TRUE(read.isOk()) << read.message();
  ASSERT_EQ(read.value().processes.size(), 1u);
  EXPECT_EQ(read.value().processes[0].pid, 42);
  EXPECT_FALSE(read.value().meta.complete);
}

TEST_F(WriterTest, UnusableAfterFinish) {
  ASSERT_TRUE(w_->finish().isOk());
  EXPECT_EQ(w_->addProcess({}).message(), path_ + ": writer already finished");
  EXPECT_FALSE(w_->finish().isOk());
}

TEST(WriterErrors, OpenAndWriteErrorsNameThePath) {
  EXPECT_EQ(ProfWriter::create("/nonexistent/dir/out.prof").message(),
            "open /nonexistent/dir/out.prof: No such file or directory");
  if (access("/dev/full", W_OK) == 0) {
    EXPECT_EQ(ProfWriter::create("/dev/full").message(), "write /dev/full: No space left on device");
  }
}

}  // namespace
}  // namespace pprof
