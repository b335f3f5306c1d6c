// `amhost predict --model FILE --data FILE.csv [-o PREDICTIONS.csv]`: the CLI side of
// prediction/predictor.hpp.
#pragma once

#include "cli/command_line.hpp"

namespace amcore {

// Writes the predictions to cl.output_dir (a file, written to FILE.tmp then renamed) or
// stdout; warnings and the score against a target column (when present) go to stderr.
int predict_command(const CommandLine& cl);

}  // namespace amcore
