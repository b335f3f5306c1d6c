#include "isolation/trial_worker.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <mutex>

#include <sys/prctl.h>
#include <unistd.h>

#include "config/pipeline.hpp"
#include "isolation/messages.hpp"
#include "isolation/wire.hpp"
#include "study/setup.hpp"
#include "study/trial_runner.hpp"

namespace amcore {

namespace {

// Set by SIGUSR1: the study asks the running trial to stop (its time limit, Ctrl-C).
std::atomic<bool> cancel_requested{false};
extern "C" void on_cancel_signal(int) { cancel_requested.store(true); }

// Asks the study a yes/no question about the running trial and waits for the answer. Reports
// may come from threads a plugin starts, so one question at a time.
class StudyLink {
 public:
  explicit StudyLink(int fd) : fd_(fd), reader_(fd) {}

  bool ask_stop(wire::Type type, int64_t number, int64_t step, double value) {
    std::lock_guard lock(mutex_);
    wire::Encoder e;
    e.i64(number).i64(step).f64(value);
    if (!wire::send(fd_, type, e.bytes())) std::_Exit(0);  // the study is gone
    wire::Message answer;
    if (reader_.next(-1, answer) != wire::Reader::Status::Message ||
        answer.type != wire::Type::Answer)
      std::_Exit(0);
    return wire::Decoder(answer.payload).i64() != 0;
  }

  wire::Reader& reader() { return reader_; }
  int fd() const { return fd_; }

 private:
  int fd_;
  wire::Reader reader_;
  std::mutex mutex_;
};

// The study's pruner, asked over the socket: it holds every other trial's history. How a trial
// ended travels back with its Result, so record_finished has nothing to do here.
class RemotePruner : public Pruner {
 public:
  RemotePruner(Values values, bool epochs, StudyLink& link)
      : values_(values), epochs_(epochs), link_(link) {}
  Values values() const override { return values_; }
  bool watches_epochs() const override { return epochs_; }
  bool should_stop(int64_t trial, int64_t step, double value) override {
    return link_.ask_stop(wire::Type::PruneAsk, trial, step, value);
  }
  void record_finished(int64_t, const std::vector<int64_t>&, const std::vector<double>&,
                       StoredState, double) override {}

 private:
  Values values_;
  bool epochs_;
  StudyLink& link_;
};

}  // namespace

int run_trial_worker(int fd) {
  // Ctrl-C reaches the whole process group: the study decides what happens to trials.
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);
  struct sigaction action {};
  action.sa_handler = &on_cancel_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &action, nullptr);
  // A study killed with -9 cannot stop its workers: the kernel does it.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // Plugins that print must not scramble the study's progress display.
  dup2(STDERR_FILENO, STDOUT_FILENO);

  StudyLink link(fd);
  wire::Message message;
  if (link.reader().next(-1, message) != wire::Reader::Status::Message ||
      message.type != wire::Type::Setup)
    return 2;

  std::unique_ptr<StudySetup> setup;
  std::optional<PipelineConfig> config;
  bool strategy_reports = false;
  try {
    const wire::WorkerSetup request = wire::decode_setup(message.payload);
    strategy_reports = request.strategy_reports;
    config.emplace(parse_pipeline(request.pipeline_text, request.pipeline_name,
                                  request.base_dir, request.overrides));
    setup = prepare_study(*config, request.plugin_paths);
    if (setup->pruner)
      setup->pruner = std::make_unique<RemotePruner>(setup->pruner->values(),
                                                     setup->pruner->watches_epochs(), link);
  } catch (const std::exception& e) {
    wire::send(fd, wire::Type::SetupFailed, e.what());
    return 2;
  }
  if (!wire::send(fd, wire::Type::Ready, {})) return 0;

  for (;;) {
    if (link.reader().next(-1, message) != wire::Reader::Status::Message) return 0;
    if (message.type != wire::Type::Trial) return 2;
    int64_t number = 0;
    double budget = 1;
    std::vector<double> values;
    try {
      wire::Decoder d(message.payload);
      number = d.i64();
      values = d.f64s();
      budget = d.f64();
    } catch (const wire::ProtocolError&) {
      return 2;
    }
    cancel_requested.store(false);
    ReportHook report;
    if (strategy_reports)
      report = [&link, number](int64_t step, double value) -> ams_status {
        return link.ask_stop(wire::Type::Report, number, step, value) ? AMS_STOP : AMS_OK;
      };
    const TrialOutcome outcome =
        evaluate_trial(*config, *setup, number, values, budget, &cancel_requested, report);
    if (!wire::send(fd, wire::Type::Result, wire::encode(outcome))) return 0;
  }
}

}  // namespace amcore
