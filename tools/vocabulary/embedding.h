// Word vectors from co-occurrence counts, the count-based way (Levy, Goldberg
// and Dagan 2015, "Improving distributional similarity with lessons learned
// from word embeddings"): positive pointwise mutual information with the
// context distribution smoothed (counts to the power alpha), reduced by a
// truncated SVD (randomized: Halko, Martinsson and Tropp 2011) whose
// singular values weigh the vectors to the power `eigen_power`. Then the
// nearest neighbours of terms by cosine similarity.
//
// Everything is deterministic: the random test matrix comes from a seeded
// std::mt19937_64 (its sequence is fixed by the standard), and threads split
// rows, each row's arithmetic in a fixed order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace quarry::vocabulary {

// A square sparse matrix in compressed rows.
struct SparseMatrix {
  size_t rows = 0;
  std::vector<uint64_t> row_begin;  // rows + 1 offsets into col/val
  std::vector<uint32_t> col;
  std::vector<float> val;
};

// Symmetric co-occurrence counts: cell (a, b) with a < b holds the weight of
// both (a, b) and (b, a).
struct Cooccurrence {
  size_t terms = 0;
  std::vector<uint64_t> keys;  // (uint64_t(a) << 32) | b, a < b
  std::vector<float> weights;
};

// The PPMI matrix of the counts: max(0, log(c(a,b) Z / (c(a) c(b)^alpha)))
// with c(a) the row sums and Z the sum of c(b)^alpha.
SparseMatrix PpmiMatrix(const Cooccurrence& counts, double alpha);

struct SvdOptions {
  size_t dims = 200;
  size_t oversample = 20;
  int power_iterations = 3;
  double eigen_power = 0.5;
  uint64_t seed = 20030101;
  int threads = 2;
};

// Rows of unit length (a row of zeros stays zero), `dims` columns at most
// (fewer when the matrix has lower rank).
struct Embedding {
  size_t rows = 0, dims = 0;
  std::vector<float> data;  // rows x dims
  const float* row(size_t r) const { return data.data() + r * dims; }
};

Embedding SvdEmbedding(const SparseMatrix& m, const SvdOptions& options);

struct Neighbour {
  uint32_t row = 0;
  float similarity = 0;
};

// For each target row, the `k` candidate rows (itself excluded) most
// similar to it with similarity at least `min_similarity`, best first (ties
// by row).
std::vector<std::vector<Neighbour>> NearestNeighbours(const Embedding& e,
                                                      const std::vector<uint32_t>& targets,
                                                      const std::vector<uint32_t>& candidates,
                                                      size_t k, float min_similarity, int threads);

}  // namespace quarry::vocabulary
