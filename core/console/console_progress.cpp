#include "console/console_progress.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace amcore {

namespace {

std::string state_text(StoredState state) { return stored_state_name(state); }

std::string stop_text(const std::string& reason) {
  if (reason == "trials") return "trial budget reached";
  if (reason == "timeout") return "time limit reached";
  if (reason == "target") return "target value reached";
  if (reason == "exhausted") return "the strategy had nothing left to try";
  if (reason == "interrupted") return "interrupted";
  if (reason == "max_failures") return "stopped: too many failed trials (max_failures)";
  return reason;
}

}  // namespace

ConsoleProgress::ConsoleProgress(std::FILE* out, Mode mode) : out_(out), mode_(mode) {}

ConsoleProgress::Mode ConsoleProgress::mode_for(std::FILE* out, bool quiet) {
  if (quiet) return Mode::Quiet;
  return isatty(fileno(out)) ? Mode::Live : Mode::Lines;
}

void ConsoleProgress::on_start(const StudyPlan& plan) {
  plan_ = plan;
  if (mode_ == Mode::Quiet) return;
  std::fputs(describe_plan(plan).c_str(), out_);
  if (plan.resumed_trials > 0)
    std::fprintf(out_, "  resumed:   %lld finished trials replayed into the strategy\n",
                 static_cast<long long>(plan.resumed_trials));
  std::fflush(out_);
}

void ConsoleProgress::on_trial(const StoredTrial& trial, const StoredTrial* best,
                               const StudyProgress& progress) {
  if (best)
    best_text_ = format_value(best->value) + " (trial " + std::to_string(best->number) + ")";
  if (mode_ == Mode::Quiet) return;
  if (mode_ == Mode::Live) {
    if (trial.state == StoredState::Failed) {
      clear_live();
      std::fprintf(out_, "trial %lld failed: %s\n", static_cast<long long>(trial.number),
                   trial.error.c_str());
    }
    draw_live(progress);
    return;
  }
  std::fprintf(out_, "trial %4lld  %-8s  %-10s  best %-10s  %s  %s\n",
               static_cast<long long>(trial.number), state_text(trial.state).c_str(),
               format_value(trial.value).c_str(),
               best ? format_value(best->value).c_str() : "-",
               format_seconds(trial.duration_s).c_str(), short_params(trial.params_json).c_str());
  if (trial.state == StoredState::Failed && !trial.error.empty())
    std::fprintf(out_, "            %s\n", trial.error.c_str());
  std::fflush(out_);
}

void ConsoleProgress::on_tick(const StudyProgress& progress) {
  // A redraw at most a few times a second keeps a slow terminal responsive.
  if (mode_ == Mode::Live && progress.elapsed_seconds - last_draw_ >= 0.25) draw_live(progress);
}

void ConsoleProgress::on_note(const std::string& message) {
  if (mode_ == Mode::Quiet) return;
  clear_live();
  std::fprintf(out_, "%s\n", message.c_str());
  std::fflush(out_);
}

void ConsoleProgress::draw_live(const StudyProgress& progress) {
  last_draw_ = progress.elapsed_seconds;
  std::string done = std::to_string(progress.finished);
  if (plan_.trials) {
    done += '/';
    done.append(std::to_string(*plan_.trials - plan_.resumed_trials));
  }
  std::string eta = "-";
  if (plan_.trials && progress.finished > 0) {
    double per_trial = progress.elapsed_seconds / static_cast<double>(progress.finished);
    double left = static_cast<double>(*plan_.trials - plan_.resumed_trials - progress.finished);
    eta = format_seconds(std::max(0.0, left * per_trial / std::max(1, plan_.parallel)));
  } else if (plan_.timeout_seconds) {
    eta = format_seconds(std::max(0.0, *plan_.timeout_seconds - progress.elapsed_seconds));
  }
  std::fprintf(out_, "\r\033[K[%s] best %s %s | %lld running | %lld failed | elapsed %s | ETA %s",
               done.c_str(), plan_.score_name.c_str(), best_text_.c_str(),
               static_cast<long long>(progress.running), static_cast<long long>(progress.failed),
               format_seconds(progress.elapsed_seconds).c_str(), eta.c_str());
  std::fflush(out_);
  live_drawn_ = true;
}

void ConsoleProgress::clear_live() {
  if (!live_drawn_) return;
  std::fputs("\r\033[K", out_);
  live_drawn_ = false;
}

void ConsoleProgress::on_finish(const StudySummary& summary) {
  clear_live();
  const StudyPlan& plan = summary.plan;
  int64_t complete = 0, failed = 0, pruned = 0;
  for (const StoredTrial& t : summary.trials) {
    if (t.state == StoredState::Complete) ++complete;
    if (t.state == StoredState::Failed) ++failed;
    if (t.state == StoredState::Pruned) ++pruned;
  }
  std::fprintf(out_, "\n%zu trials in %s (%s): %lld complete, %lld failed, %lld pruned\n",
               summary.trials.size(), format_seconds(summary.elapsed_seconds).c_str(),
               stop_text(summary.stop_reason).c_str(), static_cast<long long>(complete),
               static_cast<long long>(failed), static_cast<long long>(pruned));

  std::vector<const StoredTrial*> ranked;
  for (const StoredTrial& t : summary.trials)
    if (t.state == StoredState::Complete && std::isfinite(t.value)) ranked.push_back(&t);
  std::stable_sort(ranked.begin(), ranked.end(), [&](const StoredTrial* a, const StoredTrial* b) {
    return plan.maximize ? a->value > b->value : a->value < b->value;
  });
  if (!ranked.empty()) {
    const std::string header = plan.objective_mode ? plan.score_name : "cv " + plan.score_name;
    std::fprintf(out_, "\nbest trials (%s, %s):\n  %5s  %-12s  %s\n", header.c_str(),
                 plan.maximize ? "higher is better" : "lower is better", "trial", "value",
                 "parameters");
    for (size_t i = 0; i < std::min<size_t>(5, ranked.size()); ++i)
      std::fprintf(out_, "  %5lld  %-12s  %s\n", static_cast<long long>(ranked[i]->number),
                   format_value(ranked[i]->value).c_str(),
                   short_params(ranked[i]->params_json).c_str());
  }
  if (const StoredTrial* best = summary.best_trial()) {
    std::fprintf(out_, "\nbest: trial %lld, %s %s", static_cast<long long>(best->number),
                 plan.objective_mode ? plan.score_name.c_str()
                                     : ("cross-validated " + plan.score_name).c_str(),
                 format_value(best->value).c_str());
    if (summary.test_score)
      std::fprintf(out_, ", held-out test %s %s (%lld rows)", plan.score_name.c_str(),
                   format_value(*summary.test_score).c_str(),
                   static_cast<long long>(plan.test_rows));
    if (summary.optimum)
      std::fprintf(out_, ", known optimum %s (regret %s)", format_value(*summary.optimum).c_str(),
                   format_value(std::fabs(best->value - *summary.optimum)).c_str());
    std::fprintf(out_, "\n      %s\n", short_params(best->params_json).c_str());
  }
  if (failed > 0) {
    // The most frequent failure messages: what a user needs to fix first.
    std::map<std::string, int64_t> by_message;
    for (const StoredTrial& t : summary.trials)
      if (t.state == StoredState::Failed) ++by_message[t.error.substr(0, 200)];
    std::vector<std::pair<int64_t, std::string>> common;
    for (const auto& [message, count] : by_message) common.emplace_back(count, message);
    std::stable_sort(common.begin(), common.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::fprintf(out_, "\nfailures:\n");
    for (size_t i = 0; i < std::min<size_t>(3, common.size()); ++i)
      std::fprintf(out_, "  %lldx  %s\n", static_cast<long long>(common[i].first),
                   common[i].second.c_str());
  }
  for (const std::string& w : summary.warnings) std::fprintf(out_, "warning: %s\n", w.c_str());
  if (!summary.files.empty()) {
    std::fprintf(out_, "outputs in %s:", summary.output_dir.c_str());
    for (const std::string& f : summary.files)
      std::fprintf(out_, " %s", std::filesystem::path(f).filename().c_str());
    std::fputc('\n', out_);
  }
  std::fflush(out_);
}

}  // namespace amcore
