#include "isolation/process_executor.hpp"

#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/errors.hpp"
#include "isolation/trial_worker.hpp"
#include "isolation/wire.hpp"

extern char** environ;

namespace amcore {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kChildSocketFd = 3;
constexpr auto kCancelGrace = std::chrono::seconds(3);
constexpr auto kSetupLimit = std::chrono::minutes(10);

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string format_limit_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%gs", seconds);
  return text;
}

std::string format_mib(int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = strsignal(sig);
    return "was killed by signal " + std::to_string(sig) + " (" + (name ? name : "?") + ")";
  }
  return "stopped (status " + std::to_string(status) + ")";
}

// One worker process and its end of the socket.
class WorkerProcess {
 public:
  // Starts the worker and waits for it to finish its setup. Throws std::runtime_error saying
  // why it could not start.
  WorkerProcess(const WorkerLaunch& launch, const std::atomic<bool>* cancelled) {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
      throw std::runtime_error(std::string("cannot create a socket: ") + std::strerror(errno));
    fd_ = fds[0];
    // The child's end goes to fd 3; dup2 onto another number clears close-on-exec, so move it
    // out of the way first if it already is 3.
    int child_fd = fds[1];
    if (child_fd == kChildSocketFd) {
      child_fd = fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
      close(fds[1]);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_fd, kChildSocketFd);
    const std::string fd_text = std::to_string(kChildSocketFd);
    std::vector<char*> argv = {const_cast<char*>(launch.executable.c_str()),
                               const_cast<char*>(kWorkerCommand),
                               const_cast<char*>(fd_text.c_str()), nullptr};
    const int rc = posix_spawn(&pid_, launch.executable.c_str(), &actions, nullptr, argv.data(),
                               environ);
    posix_spawn_file_actions_destroy(&actions);
    close(child_fd);
    if (rc != 0) {
      close(fd_);
      fd_ = -1;
      pid_ = -1;
      throw std::runtime_error("cannot start " + launch.executable + ": " + std::strerror(rc));
    }
    reader_.emplace(fd_);
    if (!wire::send(fd_, wire::Type::Setup, wire::encode(launch.setup)))
      throw std::runtime_error("it " + reap() + " before its setup");
    const auto started = Clock::now();
    for (;;) {
      wire::Message message;
      const auto status = reader_->next(100, message);
      if (status == wire::Reader::Status::Closed)
        throw std::runtime_error("it " + reap() + " during its setup");
      if (status == wire::Reader::Status::Message) {
        if (message.type == wire::Type::Ready) return;
        if (message.type == wire::Type::SetupFailed)
          throw std::runtime_error("its setup failed: " + message.payload);
        throw std::runtime_error("it sent an unexpected message during its setup");
      }
      if ((cancelled && cancelled->load()) || Clock::now() - started > kSetupLimit)
        throw std::runtime_error("its setup was cut short");
    }
  }

  ~WorkerProcess() {
    if (fd_ >= 0) close(fd_);
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      int status;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }

  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  pid_t pid() const { return pid_; }
  int fd() const { return fd_; }
  wire::Reader& reader() { return *reader_; }

  // Resident memory in bytes, 0 when unknown.
  int64_t resident_bytes() const {
    std::ifstream statm("/proc/" + std::to_string(pid_) + "/statm");
    int64_t size = 0, resident = 0;
    if (!(statm >> size >> resident)) return 0;
    return resident * static_cast<int64_t>(sysconf(_SC_PAGESIZE));
  }

  void signal_cancel() const { kill(pid_, SIGUSR1); }

  // Kills the worker (if still running), waits for it, and says how it ended.
  std::string kill_and_reap() {
    if (pid_ > 0) kill(pid_, SIGKILL);
    return reap();
  }

  // Waits for the worker to end and says how it did ("exited with status 3", ...).
  std::string reap() {
    if (pid_ <= 0) return "had already ended";
    int status = 0;
    pid_t r;
    while ((r = waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return r < 0 ? "ended (its status is unknown)" : describe_exit(status);
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::optional<wire::Reader> reader_;
};

TrialOutcome failed(std::string message, Clock::time_point started) {
  TrialOutcome outcome;
  outcome.state = StoredState::Failed;
  outcome.value = kNaN;
  outcome.error = std::move(message);
  outcome.duration_s = seconds_since(started);
  return outcome;
}

class ProcessExecutor : public TrialExecutor {
 public:
  ProcessExecutor(const PipelineConfig& config, const StudySetup& setup, WorkerLaunch launch,
                  int slots)
      : setup_(setup),
        launch_(std::move(launch)),
        timeout_(config.study.trial_timeout_seconds),
        memory_(config.study.trial_memory_bytes),
        workers_(static_cast<size_t>(std::max(1, slots))) {}

  bool enforces_trial_timeout() const override { return true; }

  TrialOutcome run(int slot, const TrialJob& job) override {
    const auto started = Clock::now();
    std::unique_ptr<WorkerProcess>& worker = workers_.at(static_cast<size_t>(slot));
    if (!worker) {
      try {
        worker = std::make_unique<WorkerProcess>(launch_, job.cancelled);
      } catch (const std::exception& e) {
        return failed(std::string("the trial's worker process could not start: ") + e.what(),
                      started);
      }
    }
    const std::string who = "process " + std::to_string(worker->pid());
    TrialOutcome outcome = run_on(*worker, job, who, started);
    if (outcome.worker.empty()) {
      outcome.worker = who;
      worker.reset();  // it did not come back with a result: never reuse it
    }
    return outcome;
  }

 private:
  TrialOutcome run_on(WorkerProcess& worker, const TrialJob& job, const std::string& who,
                      Clock::time_point started) {
    wire::Encoder trial;
    trial.i64(job.number).f64s(job.values).f64(job.budget);
    if (!wire::send(worker.fd(), wire::Type::Trial, trial.bytes()))
      return failed("the worker " + who + " " + worker.reap() + " before the trial started",
                    started);
    std::optional<Clock::time_point> cancel_sent;
    for (;;) {
      wire::Message message;
      const auto status = worker.reader().next(memory_ ? 20 : 100, message);
      if (status == wire::Reader::Status::Closed)
        return failed("the worker " + who + " running the trial " + worker.reap() +
                          crash_hint(),
                      started);
      if (status == wire::Reader::Status::Message) {
        try {
          if (message.type == wire::Type::Result) {
            TrialOutcome outcome = wire::decode_outcome(message.payload);
            outcome.worker = who;
            return outcome;
          }
          if (message.type == wire::Type::Report || message.type == wire::Type::PruneAsk) {
            wire::Decoder d(message.payload);
            const int64_t number = d.i64();
            const int64_t step = d.i64();
            const double value = d.f64();
            bool stop = false;
            if (message.type == wire::Type::Report)
              stop = job.report && job.report(step, value) == AMS_STOP;
            else
              stop = setup_.pruner && setup_.pruner->should_stop(number, step, value);
            wire::send(worker.fd(), wire::Type::Answer, wire::Encoder().i64(stop ? 1 : 0).bytes());
            continue;
          }
          return failed("the worker " + who + " sent an unexpected message; it was killed (" +
                            worker.kill_and_reap() + ")",
                        started);
        } catch (const wire::ProtocolError& e) {
          return failed("the worker " + who + " sent a malformed message (" + e.what() +
                            "); it was killed",
                        started);
        }
      }
      if (timeout_ && seconds_since(started) > *timeout_) {
        worker.kill_and_reap();
        return failed("exceeded trial_timeout = " + format_limit_seconds(*timeout_) +
                          ": its worker " + who + " was killed and replaced",
                      started);
      }
      if (memory_) {
        const int64_t resident = worker.resident_bytes();
        if (resident > *memory_) {
          worker.kill_and_reap();
          return failed("exceeded trial_memory = " + format_mib(*memory_) + " (resident " +
                            format_mib(resident) + "): its worker " + who +
                            " was killed and replaced",
                        started);
        }
      }
      if (job.cancelled && job.cancelled->load()) {
        if (!cancel_sent) {
          worker.signal_cancel();
          cancel_sent = Clock::now();
        } else if (Clock::now() - *cancel_sent > kCancelGrace) {
          worker.kill_and_reap();
          return failed("cancelled, and it did not stop within 3 s: its worker " + who +
                            " was killed",
                        started);
        }
      }
    }
  }

  static std::string crash_hint() {
    return ": a plugin crashed it (the trial's parameters are kept with the trial; run it "
           "alone with isolation = \"thread\" under a debugger to see where)";
  }

  const StudySetup& setup_;
  WorkerLaunch launch_;
  std::optional<double> timeout_;
  std::optional<int64_t> memory_;
  std::vector<std::unique_ptr<WorkerProcess>> workers_;  // one per slot, touched by its thread
};

}  // namespace

std::unique_ptr<TrialExecutor> make_process_executor(const PipelineConfig& config,
                                                     const StudySetup& setup,
                                                     WorkerLaunch launch, int slots) {
  return std::make_unique<ProcessExecutor>(config, setup, std::move(launch), slots);
}

std::string default_worker_executable() {
  namespace fs = std::filesystem;
  if (const char* forced = std::getenv("AMHOST_WORKER"); forced && *forced) return forced;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    if (self.filename() == "amhost") return self.string();
    const fs::path beside = self.parent_path() / "amhost";
    if (fs::exists(beside, ec)) return beside.string();
  }
  throw InputError("isolation = \"process\" starts trial workers from the amhost executable, "
                   "and none was found beside " +
                   (ec ? std::string("this program") : self.string()) +
                   ": set AMHOST_WORKER to the amhost binary");
}

}  // namespace amcore
