// The bundled demo workload: a small "data analysis" job in the shape people profile and then
// parallelize. A serial parse loop, a thread pool that aggregates chunks, and a forked worker
// that builds a histogram, so one profile shows threads and processes together. Its phases are
// marked as regions with the profiler API (pprof/profiler.h), so the profile also shows them as
// named time ranges (pprof-stats --region parse ...).
//
//   sales_report [RECORDS] [--parallel-parse]   (default 1000000 records)
//     --parallel-parse: the parse loop on two threads, as `pprof-stats --advise` suggests; the
//     output is the same
//   SALES_REPORT_PROFILE=out.prof sales_report   profiles itself (pprof::ScopedProfile), no pprof-run
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <thread>
#include <vector>

#include <pprof/profiler.h>

namespace {

struct Sale {
  int region;
  double amount;
  double discount;
};

// Deterministic input: CSV lines such as "3,1234.56,0.05".
std::vector<std::string> makeCsvLines(size_t count) {
  std::vector<std::string> lines;
  lines.reserve(count);
  uint64_t state = 42;
  char buffer[64];
  for (size_t i = 0; i < count; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    int region = static_cast<int>((state >> 33) % 16);
    double amount = static_cast<double>((state >> 20) % 100000) / 100.0;
    double discount = static_cast<double>((state >> 8) % 30) / 100.0;
    std::snprintf(buffer, sizeof buffer, "%d,%.2f,%.2f", region, amount, discount);
    lines.emplace_back(buffer);
  }
  return lines;
}

// The serial loop: every line is independent, so this is the part worth parallelizing.
__attribute__((noinline)) std::vector<Sale> parseSales(const std::vector<std::string>& lines, size_t begin,
                                                      size_t end) {
  std::vector<Sale> sales;
  sales.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) {
    const std::string& line = lines[i];
    char* end = nullptr;
    Sale sale{};
    sale.region = static_cast<int>(std::strtol(line.c_str(), &end, 10));
    sale.amount = std::strtod(end + 1, &end);
    sale.discount = std::strtod(end + 1, &end);
    for (int round = 0; round < 80; ++round) {  // currency normalisation, deliberately heavy
      sale.amount = std::round(sale.amount * (1.0 - sale.discount / 1000.0) * 100.0) / 100.0;
    }
    sales.push_back(sale);
  }
  return sales;
}

// The parse loop's lines are independent: two halves on two threads, joined in order.
std::vector<Sale> parseSalesOnTwoThreads(const std::vector<std::string>& lines) {
  const size_t half = lines.size() / 2;
  std::vector<Sale> second;
  std::thread helper([&] { second = parseSales(lines, half, lines.size()); });
  std::vector<Sale> sales = parseSales(lines, 0, half);
  helper.join();
  sales.insert(sales.end(), second.begin(), second.end());
  return sales;
}

class ThreadPool {
 public:
  explicit ThreadPool(int threads) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { run(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }
  void submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push(std::move(task));
    }
    wake_.notify_one();
  }

 private:
  void run() {
    pthread_setname_np(pthread_self(), "pool-worker");
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop();
      }
      task();
    }
  }
  std::vector<std::thread> workers_;
  std::queue<std::function<void()>> tasks_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

// Per-region median and mean of one chunk: sorting dominates.
__attribute__((noinline)) double summarizeChunk(std::vector<Sale> chunk) {
  std::sort(chunk.begin(), chunk.end(),
            [](const Sale& a, const Sale& b) { return a.amount < b.amount; });
  double total = 0;
  for (const Sale& sale : chunk) total += std::sqrt(sale.amount) * std::log1p(sale.amount);
  return total / static_cast<double>(chunk.size()) + chunk[chunk.size() / 2].amount;
}

__attribute__((noinline)) double aggregateInPool(const std::vector<Sale>& sales) {
  constexpr size_t kChunk = 20000;
  std::vector<double> results((sales.size() + kChunk - 1) / kChunk);
  {
    ThreadPool pool(2);
    for (size_t c = 0; c < results.size(); ++c) {
      pool.submit([&, c] {
        size_t begin = c * kChunk, end = std::min(sales.size(), begin + kChunk);
        double value = 0;
        for (int pass = 0; pass < 6; ++pass) {
          value += summarizeChunk(std::vector<Sale>(sales.begin() + begin, sales.begin() + end));
        }
        results[c] = value;
      });
    }
  }
  double sum = 0;
  for (double r : results) sum += r;
  return sum;
}

// Runs in a forked child, as a process-pool worker would.
__attribute__((noinline)) int buildHistogram(const std::vector<Sale>& sales) {
  std::vector<long> buckets(1000, 0);
  for (int pass = 0; pass < 30; ++pass) {
    for (const Sale& sale : sales) {
      size_t bucket = static_cast<size_t>(std::fmod(sale.amount * (pass + 1), 1000.0));
      buckets[bucket] += 1;
    }
  }
  return static_cast<int>(std::max_element(buckets.begin(), buckets.end()) - buckets.begin());
}

}  // namespace

int main(int argc, char** argv) {
  // Set: write a profile of this run without pprof-run. A failure is reported, not fatal.
  const char* self_profile = std::getenv("SALES_REPORT_PROFILE");
  std::optional<pprof::ScopedProfile> profile;
  if (self_profile != nullptr && self_profile[0] != '\0') {
    profile.emplace(self_profile);
    if (!profile->ok()) std::fprintf(stderr, "sales_report: not profiling: %s\n", profile->error());
  }

  size_t records = 1000000;
  bool parallel_parse = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--parallel-parse") parallel_parse = true;
    else records = std::strtoul(argv[i], nullptr, 10);
  }
  std::vector<std::string> lines;
  {
    pprof::Region region("generate");
    lines = makeCsvLines(records);
  }
  std::vector<Sale> sales;
  {
    pprof::Region region("parse");
    sales = parallel_parse ? parseSalesOnTwoThreads(lines) : parseSales(lines, 0, lines.size());
  }

  pid_t child = fork();
  if (child == 0) {
    int mode;
    {
      pprof::Region region("histogram");
      mode = buildHistogram(sales);
    }
    std::printf("histogram mode bucket: %d\n", mode);
    std::fflush(stdout);
    _exit(0);
  }
  double summary;
  {
    pprof::Region region("aggregate");
    summary = aggregateInPool(sales);
  }
  int status = 0;
  if (child > 0) waitpid(child, &status, 0);
  std::printf("records: %zu, summary: %.3f\n", sales.size(), summary);
  return child > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
