#include "tools/vocabulary/embedding.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>

namespace quarry::vocabulary {
namespace {

// Runs fn(begin, end) over [0, n) split into `threads` contiguous parts.
template <typename Fn>
void ParallelRows(size_t n, int threads, Fn fn) {
  size_t parts =
      std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(std::max(threads, 1)), n));
  if (parts == 1) {
    fn(size_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  for (size_t p = 0; p < parts; ++p) {
    size_t b = n * p / parts, e = n * (p + 1) / parts;
    pool.emplace_back([=] { fn(b, e); });
  }
  for (std::thread& t : pool) t.join();
}

// A dense row-major matrix.
struct Dense {
  size_t rows = 0, cols = 0;
  std::vector<double> v;
  Dense() = default;
  Dense(size_t r, size_t c) : rows(r), cols(c), v(r * c, 0.0) {}
  double* row(size_t r) { return v.data() + r * cols; }
  const double* row(size_t r) const { return v.data() + r * cols; }
};

SparseMatrix Transpose(const SparseMatrix& m) {
  SparseMatrix t;
  t.rows = m.rows;
  t.row_begin.assign(m.rows + 1, 0);
  for (uint32_t c : m.col) ++t.row_begin[c + 1];
  for (size_t r = 0; r < m.rows; ++r) t.row_begin[r + 1] += t.row_begin[r];
  t.col.resize(m.col.size());
  t.val.resize(m.val.size());
  std::vector<uint64_t> fill(t.row_begin.begin(), t.row_begin.end() - 1);
  for (size_t r = 0; r < m.rows; ++r) {
    for (uint64_t k = m.row_begin[r]; k < m.row_begin[r + 1]; ++k) {
      uint64_t at = fill[m.col[k]]++;
      t.col[at] = static_cast<uint32_t>(r);
      t.val[at] = m.val[k];
    }
  }
  return t;
}

// m * x.
Dense Multiply(const SparseMatrix& m, const Dense& x, int threads) {
  Dense y(m.rows, x.cols);
  ParallelRows(m.rows, threads, [&](size_t b, size_t e) {
    for (size_t r = b; r < e; ++r) {
      double* out = y.row(r);
      for (uint64_t k = m.row_begin[r]; k < m.row_begin[r + 1]; ++k) {
        const double* in = x.row(m.col[k]);
        double w = m.val[k];
        for (size_t c = 0; c < x.cols; ++c) out[c] += w * in[c];
      }
    }
  });
  return y;
}

// x^T x, summed over row blocks in a fixed order.
Dense Gram(const Dense& x, int threads) {
  size_t parts = std::max(1, threads);
  std::vector<Dense> partial(parts, Dense(x.cols, x.cols));
  ParallelRows(parts, threads, [&](size_t pb, size_t pe) {
    for (size_t p = pb; p < pe; ++p) {
      size_t b = x.rows * p / parts, e = x.rows * (p + 1) / parts;
      Dense& g = partial[p];
      for (size_t r = b; r < e; ++r) {
        const double* xr = x.row(r);
        for (size_t i = 0; i < x.cols; ++i) {
          double a = xr[i];
          if (a == 0) continue;
          double* gi = g.row(i);
          for (size_t j = i; j < x.cols; ++j) gi[j] += a * xr[j];
        }
      }
    }
  });
  Dense g(x.cols, x.cols);
  for (const Dense& p : partial) {
    for (size_t k = 0; k < g.v.size(); ++k) g.v[k] += p.v[k];
  }
  for (size_t i = 0; i < g.rows; ++i) {
    for (size_t j = 0; j < i; ++j) g.row(i)[j] = g.row(j)[i];
  }
  return g;
}

// Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations:
// eigenvalues descending, eigenvectors as the columns of `vectors`.
void SymmetricEigen(Dense a, std::vector<double>& values, Dense& vectors) {
  size_t n = a.rows;
  vectors = Dense(n, n);
  for (size_t i = 0; i < n; ++i) vectors.row(i)[i] = 1;
  for (int sweep = 0; sweep < 60; ++sweep) {
    double off = 0, diag = 0;
    for (size_t i = 0; i < n; ++i) {
      diag += a.row(i)[i] * a.row(i)[i];
      for (size_t j = i + 1; j < n; ++j) off += a.row(i)[j] * a.row(i)[j];
    }
    if (off <= 1e-22 * diag || off == 0) break;
    for (size_t p = 0; p < n; ++p) {
      for (size_t q = p + 1; q < n; ++q) {
        double apq = a.row(p)[q];
        if (std::fabs(apq) < 1e-300) continue;
        double app = a.row(p)[p], aqq = a.row(q)[q];
        double theta = (aqq - app) / (2 * apq);
        double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (size_t k = 0; k < n; ++k) {  // columns p and q
          double akp = a.row(k)[p], akq = a.row(k)[q];
          a.row(k)[p] = c * akp - s * akq;
          a.row(k)[q] = s * akp + c * akq;
        }
        for (size_t k = 0; k < n; ++k) {  // rows p and q
          double apk = a.row(p)[k], aqk = a.row(q)[k];
          a.row(p)[k] = c * apk - s * aqk;
          a.row(q)[k] = s * apk + c * aqk;
        }
        for (size_t k = 0; k < n; ++k) {
          double vkp = vectors.row(k)[p], vkq = vectors.row(k)[q];
          vectors.row(k)[p] = c * vkp - s * vkq;
          vectors.row(k)[q] = s * vkp + c * vkq;
        }
      }
    }
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return a.row(x)[x] > a.row(y)[y]; });
  Dense sorted(n, n);
  values.assign(n, 0);
  for (size_t k = 0; k < n; ++k) {
    values[k] = a.row(order[k])[order[k]];
    for (size_t r = 0; r < n; ++r) sorted.row(r)[k] = vectors.row(r)[order[k]];
  }
  vectors = std::move(sorted);
}

// x * w[:, :cols] with column c scaled by scale[c].
Dense MultiplyDense(const Dense& x, const Dense& w, size_t cols, const std::vector<double>& scale,
                    int threads) {
  Dense y(x.rows, cols);
  ParallelRows(x.rows, threads, [&](size_t b, size_t e) {
    for (size_t r = b; r < e; ++r) {
      const double* xr = x.row(r);
      double* yr = y.row(r);
      for (size_t i = 0; i < x.cols; ++i) {
        double a = xr[i];
        if (a == 0) continue;
        const double* wi = w.row(i);
        for (size_t c = 0; c < cols; ++c) yr[c] += a * wi[c];
      }
      for (size_t c = 0; c < cols; ++c) yr[c] *= scale[c];
    }
  });
  return y;
}

// An orthonormal basis of x's columns (x W L^-1/2 from x^T x = W L W^T),
// twice for accuracy; directions with a negligible eigenvalue are dropped.
Dense Orthonormalize(const Dense& x, int threads) {
  Dense q = x;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<double> values;
    Dense vectors;
    SymmetricEigen(Gram(q, threads), values, vectors);
    size_t keep = 0;
    double top = values.empty() ? 0 : values[0];
    while (keep < values.size() && values[keep] > top * 1e-12 && values[keep] > 0) ++keep;
    std::vector<double> scale(keep);
    for (size_t k = 0; k < keep; ++k) scale[k] = 1 / std::sqrt(values[k]);
    q = MultiplyDense(q, vectors, keep, scale, threads);
  }
  return q;
}

float Dot(const float* a, const float* b, size_t n) {
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
    s4 += a[i + 4] * b[i + 4];
    s5 += a[i + 5] * b[i + 5];
    s6 += a[i + 6] * b[i + 6];
    s7 += a[i + 7] * b[i + 7];
  }
  for (; i < n; ++i) s0 += a[i] * b[i];
  return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
}

}  // namespace

SparseMatrix PpmiMatrix(const Cooccurrence& counts, double alpha) {
  size_t n = counts.terms;
  std::vector<double> row_sum(n, 0.0);
  for (size_t k = 0; k < counts.keys.size(); ++k) {
    uint32_t a = static_cast<uint32_t>(counts.keys[k] >> 32),
             b = static_cast<uint32_t>(counts.keys[k]);
    row_sum[a] += counts.weights[k];
    row_sum[b] += counts.weights[k];
  }
  double z = 0;
  std::vector<double> log_smoothed(n, 0.0), log_row(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    if (row_sum[i] <= 0) continue;
    z += std::pow(row_sum[i], alpha);
    log_smoothed[i] = alpha * std::log(row_sum[i]);
    log_row[i] = std::log(row_sum[i]);
  }
  double log_z = z > 0 ? std::log(z) : 0;
  SparseMatrix m;
  m.rows = n;
  m.row_begin.assign(n + 1, 0);
  auto pmi = [&](size_t k, uint32_t w, uint32_t c) {
    return std::log(static_cast<double>(counts.weights[k])) + log_z - log_row[w] - log_smoothed[c];
  };
  for (size_t k = 0; k < counts.keys.size(); ++k) {
    uint32_t a = static_cast<uint32_t>(counts.keys[k] >> 32),
             b = static_cast<uint32_t>(counts.keys[k]);
    if (pmi(k, a, b) > 0) ++m.row_begin[a + 1];
    if (pmi(k, b, a) > 0) ++m.row_begin[b + 1];
  }
  for (size_t i = 0; i < n; ++i) m.row_begin[i + 1] += m.row_begin[i];
  m.col.resize(m.row_begin[n]);
  m.val.resize(m.row_begin[n]);
  std::vector<uint64_t> fill(m.row_begin.begin(), m.row_begin.end() - 1);
  for (size_t k = 0; k < counts.keys.size(); ++k) {
    uint32_t a = static_cast<uint32_t>(counts.keys[k] >> 32),
             b = static_cast<uint32_t>(counts.keys[k]);
    double ab = pmi(k, a, b), ba = pmi(k, b, a);
    if (ab > 0) {
      m.col[fill[a]] = b;
      m.val[fill[a]++] = static_cast<float>(ab);
    }
    if (ba > 0) {
      m.col[fill[b]] = a;
      m.val[fill[b]++] = static_cast<float>(ba);
    }
  }
  return m;
}

Embedding SvdEmbedding(const SparseMatrix& m, const SvdOptions& options) {
  Embedding out;
  size_t n = m.rows;
  if (n == 0) return out;
  size_t k = std::min(n, options.dims + options.oversample);
  SparseMatrix mt = Transpose(m);

  std::mt19937_64 rng(options.seed);
  Dense omega(n, k);
  for (double& x : omega.v) x = (rng() >> 63) ? 1.0 : -1.0;

  Dense q = Orthonormalize(Multiply(m, omega, options.threads), options.threads);
  for (int it = 0; it < options.power_iterations; ++it) {
    Dense z = Orthonormalize(Multiply(mt, q, options.threads), options.threads);
    q = Orthonormalize(Multiply(m, z, options.threads), options.threads);
  }
  // B = Q^T M, so B B^T = Z^T Z with Z = M^T Q.
  Dense z = Multiply(mt, q, options.threads);
  std::vector<double> values;
  Dense vectors;
  SymmetricEigen(Gram(z, options.threads), values, vectors);
  size_t dims = std::min(options.dims, q.cols);
  while (dims > 0 && values[dims - 1] <= 0) --dims;
  std::vector<double> scale(dims);
  for (size_t c = 0; c < dims; ++c) scale[c] = std::pow(std::sqrt(values[c]), options.eigen_power);
  Dense u = MultiplyDense(q, vectors, dims, scale, options.threads);

  out.rows = n;
  out.dims = dims;
  out.data.assign(n * dims, 0.0f);
  for (size_t r = 0; r < n; ++r) {
    const double* ur = u.row(r);
    double norm = 0;
    for (size_t c = 0; c < dims; ++c) norm += ur[c] * ur[c];
    if (norm <= 0) continue;
    double inv = 1 / std::sqrt(norm);
    for (size_t c = 0; c < dims; ++c) out.data[r * dims + c] = static_cast<float>(ur[c] * inv);
  }
  return out;
}

std::vector<std::vector<Neighbour>> NearestNeighbours(const Embedding& e,
                                                      const std::vector<uint32_t>& targets,
                                                      const std::vector<uint32_t>& candidates,
                                                      size_t k, float min_similarity, int threads) {
  std::vector<std::vector<Neighbour>> out(targets.size());
  if (e.dims == 0) return out;
  // The candidates' vectors side by side, for the cache.
  std::vector<float> cand(candidates.size() * e.dims);
  for (size_t c = 0; c < candidates.size(); ++c) {
    std::copy(e.row(candidates[c]), e.row(candidates[c]) + e.dims, cand.begin() + c * e.dims);
  }
  constexpr size_t kTargetBlock = 32, kCandidateBlock = 256;
  size_t blocks = (targets.size() + kTargetBlock - 1) / kTargetBlock;
  ParallelRows(blocks, threads, [&](size_t bb, size_t be) {
    std::vector<float> scores(kTargetBlock * candidates.size());
    for (size_t blk = bb; blk < be; ++blk) {
      size_t t0 = blk * kTargetBlock, t1 = std::min(targets.size(), t0 + kTargetBlock);
      for (size_t c0 = 0; c0 < candidates.size(); c0 += kCandidateBlock) {
        size_t c1 = std::min(candidates.size(), c0 + kCandidateBlock);
        for (size_t t = t0; t < t1; ++t) {
          const float* tv = e.row(targets[t]);
          float* srow = scores.data() + (t - t0) * candidates.size();
          for (size_t c = c0; c < c1; ++c) srow[c] = Dot(tv, cand.data() + c * e.dims, e.dims);
        }
      }
      for (size_t t = t0; t < t1; ++t) {
        const float* srow = scores.data() + (t - t0) * candidates.size();
        std::vector<Neighbour> best;
        for (size_t c = 0; c < candidates.size(); ++c) {
          if (candidates[c] == targets[t] || srow[c] < min_similarity) continue;
          best.push_back({candidates[c], srow[c]});
        }
        auto better = [](const Neighbour& a, const Neighbour& b) {
          return a.similarity != b.similarity ? a.similarity > b.similarity : a.row < b.row;
        };
        if (best.size() > k) {
          std::partial_sort(best.begin(), best.begin() + static_cast<long>(k), best.end(), better);
          best.resize(k);
        } else {
          std::sort(best.begin(), best.end(), better);
        }
        out[t] = std::move(best);
      }
    }
  });
  return out;
}

}  // namespace quarry::vocabulary
