// What a person sees while a study runs. On a terminal: one live line (trials done/total, best
// so far, elapsed, ETA) redrawn in place. Otherwise (a log, a pipe): one line per finished
// trial. At the end, in every mode: the best trials, the held-out score and the files written.
#pragma once

#include <cstdio>
#include <string>

#include "study/study.hpp"

namespace amcore {

class ConsoleProgress : public StudyObserver {
 public:
  enum class Mode { Live, Lines, Quiet };
  ConsoleProgress(std::FILE* out, Mode mode);
  // Live when `out` is a terminal, else Lines; Quiet when asked.
  static Mode mode_for(std::FILE* out, bool quiet);

  void on_start(const StudyPlan& plan) override;
  void on_trial(const StoredTrial& trial, const StoredTrial* best,
                const StudyProgress& progress) override;
  void on_tick(const StudyProgress& progress) override;
  void on_note(const std::string& message) override;
  void on_finish(const StudySummary& summary) override;

 private:
  void draw_live(const StudyProgress& progress);
  void clear_live();
  std::FILE* out_;
  Mode mode_;
  StudyPlan plan_;
  std::string best_text_ = "-";
  bool live_drawn_ = false;
  double last_draw_ = -1;
};

// The text forms the console and `amhost validate` share.
std::string format_value(double value);     // 6 significant digits, "nan" for NaN
std::string format_seconds(double seconds);  // "850 ms", "12.3 s", "4 min 05 s", "1 h 02 min"
// {"a": 1, "b": "x"} -> "a=1 b=x": a trial's parameters on one line.
std::string short_params(const std::string& params_json);
// The plan of a study as a few lines (what validate prints).
std::string describe_plan(const StudyPlan& plan);

}  // namespace amcore
