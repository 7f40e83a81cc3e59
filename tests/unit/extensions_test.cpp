#include "core/extensions.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace plangate::core {
namespace {

struct Page {
  int count = 0;
};
struct Row {
  std::string email;
};

TEST(ExtensionsTest, FindsAValueOnlyUnderItsOwnType) {
  Extensions e;
  EXPECT_FALSE(e.Has<Page>());
  EXPECT_EQ(e.Find<Page>(), nullptr);
  e.Put(std::make_shared<const Page>(Page{7}));
  ASSERT_NE(e.Find<Page>(), nullptr);
  EXPECT_EQ(e.Find<Page>()->count, 7);
  EXPECT_FALSE(e.Has<Row>());
  EXPECT_EQ(e.Find<Row>(), nullptr);
}

TEST(ExtensionsTest, ANullValueCountsAsPutAndFindsNothing) {
  Extensions e;
  e.Put(std::shared_ptr<const Row>());
  EXPECT_TRUE(e.Has<Row>());
  EXPECT_EQ(e.Find<Row>(), nullptr);
}

TEST(ExtensionsTest, PutReplacesTheValueOfItsTypeAndKeepsTheOthers) {
  Extensions e;
  e.Put(std::make_shared<const Page>(Page{1}));
  e.Put(std::make_shared<const Row>(Row{"a@example.com"}));
  e.Put(std::make_shared<const Page>(Page{2}));
  EXPECT_EQ(e.Find<Page>()->count, 2);
  EXPECT_EQ(e.Share<Row>()->email, "a@example.com");
  const Extensions copy = e;  // a route's extensions are copied with it
  EXPECT_EQ(copy.Find<Page>(), e.Find<Page>());
}

}  // namespace
}  // namespace plangate::core
