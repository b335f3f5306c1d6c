// The evolving population of the genetic strategy, generational with elitism and tolerant of
// asynchronous results: children are bred from the current generation whenever the host asks;
// every finished trial (asked by this object or only told, e.g. on resume) joins the pool of
// offspring; once `size - elite` offspring are in, the next generation is the `elite` best of
// the current one plus the best offspring. Until the first generation exists, the pool is the
// random initial population.
#pragma once

#include <cstdint>
#include <vector>

#include "rng.hpp"

namespace ams_genetic {

struct Member {
  std::vector<double> values;
  double loss = 0;
  bool pruned = false;  // ranked after every complete trial: its loss is partial
  int64_t number = 0;
};

// Strict weak order: complete before pruned, then lower loss, then older trial.
bool better(const Member& a, const Member& b);

class Population {
 public:
  Population(int64_t size, int64_t elite, int64_t tournament);

  // A finished trial with a usable loss.
  void add(Member member);

  bool ready() const { return !current_.empty(); }
  int64_t generation() const { return generation_; }
  const std::vector<Member>& current() const { return current_; }

  // Tournament selection from the current generation (requires ready()).
  const Member& select(Rng& rng) const;

 private:
  void advance();

  int64_t size_, elite_, tournament_;
  int64_t generation_ = 0;
  std::vector<Member> current_;
  std::vector<Member> offspring_;
};

}  // namespace ams_genetic
