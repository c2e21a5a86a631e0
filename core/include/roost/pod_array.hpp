// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// A growable array of trivially copyable values on malloc/realloc. For the
// connection store: std::vector's growth copies every element into a new block
// (a Connect after 12 M connections copied 300 MB), while glibc's realloc of a
// large block moves its pages (mremap) without copying. New elements are
// zero-initialised, as std::vector's resize does.

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace roost {

template <class T>
class PodArray {
  static_assert(std::is_trivially_copyable_v<T>, "PodArray holds trivially copyable values only");

 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  PodArray() = default;
  PodArray(std::initializer_list<T> values) {
    resize(values.size());
    std::size_t k = 0;
    for (const T& v : values) data_[k++] = v;
  }
  PodArray(const PodArray& other) { *this = other; }
  PodArray(PodArray&& other) noexcept
      : data_(other.data_), size_(other.size_), capacity_(other.capacity_) {
    other.data_ = nullptr;
    other.size_ = other.capacity_ = 0;
  }
  PodArray& operator=(const PodArray& other) {
    if (this == &other) return *this;
    resize(0);
    resize(other.size_);
    if (other.size_ > 0) std::memcpy(data_, other.data_, other.size_ * sizeof(T));
    return *this;
  }
  PodArray& operator=(PodArray&& other) noexcept {
    if (this == &other) return *this;
    std::free(data_);
    data_ = other.data_;
    size_ = other.size_;
    capacity_ = other.capacity_;
    other.data_ = nullptr;
    other.size_ = other.capacity_ = 0;
    return *this;
  }
  ~PodArray() { std::free(data_); }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  const T& at(std::size_t i) const {
    if (i >= size_) throw std::out_of_range("PodArray::at: index " + std::to_string(i) + " out of range");
    return data_[i];
  }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  // Grows by half again at least (amortised O(1) appends); never copies
  // element by element. Throws std::bad_alloc when memory runs out.
  void resize(std::size_t n) {
    const std::size_t old = size_;
    resize_for_overwrite(n);
    if (n > old) std::memset(static_cast<void*>(data_ + old), 0, (n - old) * sizeof(T));
  }
  // As resize, but new elements are left unset: for a caller that writes them
  // all (in parallel: each thread then first-touches its own pages).
  void resize_for_overwrite(std::size_t n) {
    if (n > capacity_) {
      std::size_t want = capacity_ + capacity_ / 2;
      if (want < n) want = n;
      void* grown = std::realloc(data_, want * sizeof(T));
      if (grown == nullptr) throw std::bad_alloc();
      data_ = static_cast<T*>(grown);
      capacity_ = want;
    }
    size_ = n;
  }
  void push_back(const T& value) {
    resize(size_ + 1);
    data_[size_ - 1] = value;
  }

  friend bool operator==(const PodArray& a, const PodArray& b) {
    return a.size_ == b.size_ && (a.size_ == 0 || std::memcmp(a.data_, b.data_, a.size_ * sizeof(T)) == 0);
  }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace roost
