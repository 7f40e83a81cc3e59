#pragma once
// Values found by their type, at most one of each: how a lower layer carries what a higher one
// attaches without naming it. http::Request holds the caller's row that authentication read and
// a route's read-ahead result; http::Route holds the route's read-ahead. Only code that knows a
// type can put or find it, and a lookup under the wrong type finds nothing, so nothing casts.

#include <boost/container/small_vector.hpp>
#include <memory>
#include <typeinfo>

namespace plangate::core {

class Extensions {
 public:
  // Replaces any value of this type. A null value still counts as put (Has() is true): "read,
  // and there was nothing" differs from "not read".
  template <class T>
  void Put(std::shared_ptr<const T> value) {
    for (Entry& e : entries_) {
      if (*e.type == typeid(T)) {
        e.value = std::move(value);
        return;
      }
    }
    entries_.push_back(Entry{&typeid(T), std::move(value)});
  }

  template <class T>
  bool Has() const {
    return Slot(typeid(T)) != nullptr;
  }

  // The value of this type; null when none was put, or a null one was.
  template <class T>
  const T* Find() const {
    const Entry* e = Slot(typeid(T));
    return e ? static_cast<const T*>(e->value.get()) : nullptr;
  }

  template <class T>
  std::shared_ptr<const T> Share() const {
    const Entry* e = Slot(typeid(T));
    return e ? std::static_pointer_cast<const T>(e->value) : nullptr;
  }

 private:
  struct Entry {
    const std::type_info* type;
    std::shared_ptr<const void> value;  // holds a T: only Put<T> stores under typeid(T)
  };
  const Entry* Slot(const std::type_info& type) const {
    for (const Entry& e : entries_) {
      if (*e.type == type) return &e;
    }
    return nullptr;
  }
  // A request carries two at most: no allocation for the list itself.
  boost::container::small_vector<Entry, 2> entries_;
};

}  // namespace plangate::core
