// The server's admission rules without sockets: the connection caps and the body budget.

#include <gtest/gtest.h>

#include "http/admission.h"

namespace plangate::http {
namespace {

using Verdict = ConnectionGate::Verdict;

TEST(ConnectionGateTest, CapsInTotalAndPerAddressExceptUncappedPeers) {
  ConnectionGate gate(5, 2, {"10.0.0.0/8"});
  EXPECT_EQ(gate.Enter("192.0.2.1"), Verdict::kAdmitted);
  EXPECT_EQ(gate.Enter("192.0.2.1"), Verdict::kAdmitted);
  EXPECT_EQ(gate.Enter("192.0.2.1"), Verdict::kPerIpCap);
  EXPECT_EQ(gate.Enter("192.0.2.2"), Verdict::kAdmitted);
  EXPECT_EQ(gate.Enter("10.1.2.3"), Verdict::kAdmitted);  // a proxy: only the total counts
  EXPECT_EQ(gate.Enter("10.1.2.3"), Verdict::kAdmitted);
  EXPECT_EQ(gate.open(), 5u);
  EXPECT_EQ(gate.Enter("192.0.2.3"), Verdict::kTotalCap);
  EXPECT_EQ(gate.refused_per_ip_cap(), 1u);
  EXPECT_EQ(gate.refused_total_cap(), 1u);

  gate.Leave("192.0.2.1");
  gate.Leave("10.1.2.3");
  EXPECT_EQ(gate.open(), 3u);
  EXPECT_EQ(gate.Enter("192.0.2.1"), Verdict::kAdmitted);
  EXPECT_EQ(gate.Enter("192.0.2.1"), Verdict::kPerIpCap);
  EXPECT_EQ(gate.Enter("192.0.2.9"), Verdict::kAdmitted);
  EXPECT_EQ(gate.Enter("10.1.2.3"), Verdict::kTotalCap);
}

TEST(ConnectionGateTest, ZeroMeansNoPerAddressCap) {
  ConnectionGate gate(1000, 0, {});
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(gate.Enter("127.0.0.1"), Verdict::kAdmitted);
  EXPECT_EQ(gate.Enter("127.0.0.1"), Verdict::kTotalCap);
}

TEST(BodyBudgetTest, ReservesUpToTheLimitAndAlwaysAdmitsSmallBodies) {
  BodyBudget budget(1000 * 1000);
  {
    BodyReservation big(budget);
    EXPECT_TRUE(big.GrowTo(900 * 1000));
    BodyReservation other(budget);
    EXPECT_FALSE(other.GrowTo(200 * 1000));
    EXPECT_EQ(other.held(), 0u);
    EXPECT_EQ(budget.refusals(), 1u);
    // Small bodies pass even with the budget spent.
    EXPECT_TRUE(other.GrowTo(BodyBudget::kAlwaysAdmitted));
    EXPECT_TRUE(big.GrowTo(900 * 1000 + 10));  // growth of a chunked body
    EXPECT_FALSE(big.GrowTo(1000 * 1000 + 1));
    EXPECT_EQ(big.held(), 900u * 1000 + 10);
    EXPECT_EQ(budget.reserved(), 900u * 1000 + 10 + BodyBudget::kAlwaysAdmitted);
  }
  EXPECT_EQ(budget.reserved(), 0u);
}

}  // namespace
}  // namespace plangate::http
