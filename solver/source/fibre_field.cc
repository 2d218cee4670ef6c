#include <spine/solver/fibre_field.h>
#include <spine/solver/input_specs.h>

#include <deal.II/numerics/rtree.h>

#include <fstream>
#include <utility>
#include <iterator>
#include <sstream>

namespace spine::solver
{
  using namespace dealii;

  struct FibreField::Index
  {
    explicit Index(const std::vector<Point<3>> &points)
      : tree(pack_rtree_of_indices(points))
    {}
    decltype(pack_rtree_of_indices(std::declval<const std::vector<Point<3>> &>())) tree;
  };

  FibreField::FibreField(std::vector<Point<3>> p, std::vector<std::pair<Tensor<1, 3>, Tensor<1, 3>>> f)
    : points(std::move(p))
    , frames(std::move(f))
  {
    for (auto &[t, n] : frames)
      {
        t /= t.norm();
        n -= (n * t) * t;
        n /= n.norm();
      }
    index = std::make_unique<Index>(points);
  }

  FibreField::~FibreField() = default;

  const std::pair<Tensor<1, 3>, Tensor<1, 3>> &
  FibreField::frame(const Point<3> &X) const
  {
    std::vector<unsigned int> nearest;
    index->tree.query(boost::geometry::index::nearest(X, 1), std::back_inserter(nearest));
    return frames[nearest.front()];
  }

  std::shared_ptr<const FibreField>
  FibreField::read(const std::string &file)
  {
    std::ifstream in(file);
    if (!in)
      throw InputError("fibre field file '" + file + "' cannot be read");
    std::vector<Point<3>>                              points;
    std::vector<std::pair<Tensor<1, 3>, Tensor<1, 3>>> frames;
    std::string                                        line;
    for (unsigned int number = 1; std::getline(in, line); ++number)
      {
        line = line.substr(0, line.find('#'));
        for (char &c : line)
          if (c == ',' || c == ';' || c == '\t')
            c = ' ';
        std::istringstream words(line);
        std::vector<double> v;
        for (double x; words >> x;)
          v.push_back(x);
        std::string rest;
        if (v.empty() && !(std::istringstream(line) >> rest))
          continue; // blank or comment line
        if (v.size() != 9 || (words.clear(), words >> rest))
          throw InputError("fibre field file '" + file + "', line " + std::to_string(number) +
                           ": expected 9 numbers (x, y, z, tx, ty, tz, nx, ny, nz)");
        const Tensor<1, 3> t({v[3], v[4], v[5]}), n({v[6], v[7], v[8]});
        if (t.norm() == 0. || n.norm() == 0. || cross_product_3d(t, n).norm() < 1e-6 * t.norm() * n.norm())
          throw InputError("fibre field file '" + file + "', line " + std::to_string(number) +
                           ": the directions t and n must be non-zero and not parallel");
        points.emplace_back(v[0], v[1], v[2]);
        frames.emplace_back(t, n);
      }
    if (points.empty())
      throw InputError("fibre field file '" + file + "' lists no points");
    return std::make_shared<FibreField>(std::move(points), std::move(frames));
  }
} // namespace spine::solver
