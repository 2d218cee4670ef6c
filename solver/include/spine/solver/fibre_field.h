// A user-supplied fibre frame per point for the annulus law: a CSV file of reference points,
// each with a circumferential direction t and an axial direction n (the two families are
// a± = cos(angle) t ± sin(angle) n). A quadrature point takes the frame of the nearest
// listed point, so the file should sample the region at least as finely as its elements.
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace spine::solver
{
  class FibreField
  {
  public:
    /// Reads `x, y, z, tx, ty, tz, nx, ny, nz` per line ('#' starts a comment; commas or
    /// blanks separate numbers). Throws InputError naming the file and line for a missing
    /// file, a malformed line, a zero or parallel direction pair, or an empty file.
    static std::shared_ptr<const FibreField> read(const std::string &file);

    FibreField(std::vector<dealii::Point<3>> points, std::vector<std::pair<dealii::Tensor<1, 3>, dealii::Tensor<1, 3>>> frames);
    ~FibreField();

    /// Orthonormal (t, n) of the nearest listed point (n made orthogonal to t).
    const std::pair<dealii::Tensor<1, 3>, dealii::Tensor<1, 3>> &frame(const dealii::Point<3> &X) const;
    std::size_t size() const { return points.size(); }

  private:
    std::vector<dealii::Point<3>>                                        points;
    std::vector<std::pair<dealii::Tensor<1, 3>, dealii::Tensor<1, 3>>> frames;
    struct Index;
    std::unique_ptr<Index> index;
  };
} // namespace spine::solver
