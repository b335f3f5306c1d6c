// The frames between amhost and its trial workers: encode, decode, and refuse what is broken.
#include <gtest/gtest.h>

#include <cmath>

#include <sys/socket.h>
#include <unistd.h>

#include "isolation/messages.hpp"
#include "isolation/wire.hpp"

using namespace amcore;

TEST(Wire, OutcomeRoundTrips) {
  TrialOutcome o;
  o.state = StoredState::Pruned;
  o.value = 0.25;
  o.intermediate = {{0, 0.5}, {1, 0.25}};
  o.last_step = 1;
  o.error = "pruned";
  o.duration_s = 1.5;
  o.pruner_steps = {0, 1};
  o.pruner_values = {-0.5, -0.25};
  const TrialOutcome back = wire::decode_outcome(wire::encode(o));
  EXPECT_EQ(back.state, o.state);
  EXPECT_EQ(back.value, o.value);
  EXPECT_EQ(back.intermediate, o.intermediate);
  EXPECT_EQ(back.last_step, o.last_step);
  EXPECT_EQ(back.error, o.error);
  EXPECT_EQ(back.pruner_steps, o.pruner_steps);
  EXPECT_EQ(back.pruner_values, o.pruner_values);
}

TEST(Wire, TruncatedOrLyingPayloadsAreRefused) {
  TrialOutcome o;
  o.error = "some text";
  const std::string bytes = wire::encode(o);
  for (size_t cut = 0; cut < bytes.size(); cut += 3)
    EXPECT_THROW(wire::decode_outcome(bytes.substr(0, cut)), wire::ProtocolError) << cut;
  std::string lying = bytes;
  const int64_t huge = int64_t{1} << 40;  // the error string's length prefix
  std::memcpy(lying.data() + 3 * sizeof(int64_t), &huge, sizeof huge);
  EXPECT_THROW(wire::decode_outcome(lying), wire::ProtocolError);
}

TEST(Wire, FramesCrossASocketInPieces) {
  int fds[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  wire::WorkerSetup setup;
  setup.pipeline_text = std::string(200000, 'x');  // larger than one read
  setup.plugin_paths = {"/a", "/b"};
  setup.strategy_reports = true;
  ASSERT_TRUE(wire::send(fds[0], wire::Type::Setup, wire::encode(setup)));
  ASSERT_TRUE(wire::send(fds[0], wire::Type::Ready, {}));
  wire::Reader reader(fds[1]);
  wire::Message m;
  ASSERT_EQ(reader.next(1000, m), wire::Reader::Status::Message);
  EXPECT_EQ(m.type, wire::Type::Setup);
  const wire::WorkerSetup back = wire::decode_setup(m.payload);
  EXPECT_EQ(back.pipeline_text, setup.pipeline_text);
  EXPECT_EQ(back.plugin_paths, setup.plugin_paths);
  EXPECT_TRUE(back.strategy_reports);
  ASSERT_EQ(reader.next(1000, m), wire::Reader::Status::Message);
  EXPECT_EQ(m.type, wire::Type::Ready);
  EXPECT_EQ(reader.next(50, m), wire::Reader::Status::Timeout);
  close(fds[0]);
  EXPECT_EQ(reader.next(1000, m), wire::Reader::Status::Closed);
  close(fds[1]);
}
