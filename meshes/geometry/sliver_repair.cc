#include "meshes/geometry/sliver_repair.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

namespace spine::geometry
{
namespace
{
using Tet = std::array<std::size_t, 4>;
using Face = std::array<std::size_t, 3>;

Face face_key(std::size_t a, std::size_t b, std::size_t c)
{
  Face f{a, b, c};
  std::sort(f.begin(), f.end());
  return f;
}

struct FaceHash
{
  std::size_t operator()(const Face &f) const
  {
    std::size_t h = f[0];
    h = h * 1000003u ^ f[1];
    h = h * 1000003u ^ f[2];
    return h;
  }
};

std::array<Face, 4> faces_of(const Tet &t)
{
  return {face_key(t[1], t[2], t[3]), face_key(t[0], t[2], t[3]), face_key(t[0], t[1], t[3]),
          face_key(t[0], t[1], t[2])};
}

bool contains(const Tet &t, std::size_t n) { return std::find(t.begin(), t.end(), n) != t.end(); }

double distance(const Point3 &a, const Point3 &b)
{
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

using Vec = std::array<double, 3>;

Vec minus(const Point3 &a, const Point3 &b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

double dot(const Vec &a, const Vec &b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

Vec cross(const Vec &a, const Vec &b)
{
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

bool normalise(Vec &v)
{
  const double l = std::sqrt(dot(v, v));
  if (l == 0)
    return false;
  for (double &vi : v)
    vi /= l;
  return true;
}

class Repair
{
public:
  Repair(std::vector<Point3> &nodes, std::vector<Tet> &tets, std::vector<int> &regions,
         const SliverRepairOptions &o)
    : x(nodes), T(tets), R(regions), opt(o), alive(tets.size(), 1), ball(nodes.size()), fixed(o.fixed)
  {
    fixed.resize(nodes.size(), 0);
    for (std::size_t t = 0; t < T.size(); ++t)
    {
      if (volume(T[t]) < 0)
        std::swap(T[t][0], T[t][1]);
      for (std::size_t n : T[t])
        ball[n].push_back(t);
      for (const Face &f : faces_of(T[t]))
        ++face_count[f];
    }
  }

  double volume(const Tet &t) const { return tet_quality(x[t[0]], x[t[1]], x[t[2]], x[t[3]]).signed_volume; }

  /// Margin to the dihedral bounds: negative for a bad tet, -inf for a flat or inverted one.
  double margin(const Tet &t) const
  {
    const TetQuality q = tet_quality(x[t[0]], x[t[1]], x[t[2]], x[t[3]]);
    if (q.signed_volume <= 0 || q.flat())
      return -std::numeric_limits<double>::infinity();
    return std::min(q.min_dihedral_deg - opt.min_dihedral_deg, opt.max_dihedral_deg - q.max_dihedral_deg);
  }

  std::vector<std::size_t> bad_tets() const
  {
    std::vector<std::pair<double, std::size_t>> bad;
    for (std::size_t t = 0; t < T.size(); ++t)
      if (alive[t])
      {
        const double m = margin(T[t]);
        if (m < 0)
          bad.push_back({m, t});
      }
    std::sort(bad.begin(), bad.end());
    std::vector<std::size_t> out;
    for (const auto &b : bad)
      out.push_back(b.second);
    return out;
  }

  /// Merges node m into node k.
  bool collapse(std::size_t m, std::size_t k)
  {
    // Beyond max_move only merges that leave every surface where it is.
    const double move = distance(x[m], x[k]);
    const bool in_place = move > opt.max_move && !fixed[m] && merge_keeps_geometry(m, k);
    if (move > opt.max_move && !in_place)
      return false;
    std::vector<std::size_t> removed, changed;
    for (std::size_t t : ball[m])
      (contains(T[t], k) ? removed : changed).push_back(t);
    if (removed.empty())
      return false;
    double old_margin = std::numeric_limits<double>::infinity();
    for (std::size_t t : ball[m])
      old_margin = std::min(old_margin, margin(T[t]));
    std::vector<Tet> replaced;
    double new_margin = std::numeric_limits<double>::infinity();
    for (std::size_t t : changed)
    {
      Tet n = T[t];
      std::replace(n.begin(), n.end(), m, k);
      new_margin = std::min(new_margin, margin(n));
      replaced.push_back(n);
    }
    if (!(new_margin > old_margin))
      return false;
    // Link condition: the common neighbours of m and k are exactly those of the edge mk; two
    // boundary nodes may only merge along a boundary edge (else the boundary pinches).
    std::set<std::size_t> opposite;
    for (std::size_t t : removed)
      for (std::size_t n : T[t])
        if (n != m && n != k)
          opposite.insert(n);
    const std::set<std::size_t> around_k = neighbours(k);
    for (std::size_t n : neighbours(m))
      if (around_k.count(n) && !opposite.count(n))
        return false;
    if (on_boundary(m) && on_boundary(k))
    {
      bool boundary_edge = false;
      for (std::size_t t : removed)
        for (const Face &f : faces_of(T[t]))
          if (face_count.at(f) == 1 && std::count(f.begin(), f.end(), m) && std::count(f.begin(), f.end(), k))
            boundary_edge = true;
      if (!boundary_edge)
        return false;
    }
    std::vector<std::size_t> old_tets = ball[m];
    if (!apply(old_tets, replaced, /*reuse=*/changed))
      return false;
    ++stats.collapses;
    if (!in_place)
      stats.largest_move = std::max(stats.largest_move, move);
    merged_into[m] = k;
    fixed[k] = fixed[k] || fixed[m];
    return true;
  }

  /// 2-3 flip across one of t's faces shared with a tet of the same region.
  bool flip_23(std::size_t t)
  {
    for (const Face &f : faces_of(T[t]))
    {
      if (face_count.at(f) != 2)
        continue;
      std::size_t u = T.size();
      for (std::size_t s : ball[f[0]])
        if (s != t && contains(T[s], f[1]) && contains(T[s], f[2]))
          u = s;
      if (u == T.size() || R[u] != R[t])
        continue;
      const std::size_t d = apex(T[t], f), e = apex(T[u], f);
      const std::vector<Tet> made{oriented({f[0], f[1], d, e}), oriented({f[1], f[2], d, e}),
                                  oriented({f[2], f[0], d, e})};
      if (try_replace({t, u}, made))
        return true;
    }
    return false;
  }

  /// Edge removal (3-2 flip, 4-4 and beyond) on an edge of t.
  bool remove_edge(std::size_t t)
  {
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j)
        if (remove_edge(T[t][i], T[t][j]))
          return true;
    return false;
  }

  /// Edge removal: the interior edge ab with 3-6 tets of one region around it is replaced
  /// by the best triangulation of its ring, each triangle joined to both ends of the edge.
  bool remove_edge(std::size_t a, std::size_t b)
  {
    std::vector<std::size_t> ring;
    for (std::size_t s : ball[a])
      if (contains(T[s], b))
        ring.push_back(s);
    if (ring.size() < 3 || ring.size() > 6 ||
        std::any_of(ring.begin(), ring.end(), [&](std::size_t s) { return R[s] != R[ring.front()]; }))
      return false;
    // The ring's link edges (the two other nodes of each tet) must close into one cycle.
    std::map<std::size_t, std::vector<std::size_t>> link;
    for (std::size_t s : ring)
    {
      std::vector<std::size_t> o;
      for (std::size_t n : T[s])
        if (n != a && n != b)
          o.push_back(n);
      link[o[0]].push_back(o[1]);
      link[o[1]].push_back(o[0]);
      for (const Face &f : faces_of(T[s]))
        if (std::count(f.begin(), f.end(), a) && std::count(f.begin(), f.end(), b) && face_count.at(f) != 2)
          return false;
    }
    if (link.size() != ring.size() ||
        std::any_of(link.begin(), link.end(), [](const auto &l) { return l.second.size() != 2; }))
      return false;
    std::vector<std::size_t> polygon{link.begin()->first};
    while (polygon.size() < ring.size())
    {
      const auto &next = link.at(polygon.back());
      const std::size_t n = (polygon.size() > 1 && next[0] == polygon[polygon.size() - 2]) ? next[1] : next[0];
      polygon.push_back(n);
    }
    if (link.at(polygon.back())[0] != polygon.front() && link.at(polygon.back())[1] != polygon.front())
      return false;
    std::vector<Tet> best;
    double best_margin = -std::numeric_limits<double>::infinity();
    for (const auto &triangles : triangulations(polygon))
    {
      std::vector<Tet> made;
      double m = std::numeric_limits<double>::infinity();
      for (const Face &tri : triangles)
        for (std::size_t end : {a, b})
        {
          made.push_back(oriented({tri[0], tri[1], tri[2], end}));
          m = std::min(m, margin(made.back()));
        }
      if (m > best_margin)
      {
        best_margin = m;
        best = made;
      }
    }
    return !best.empty() && try_replace(ring, best);
  }

  /// A cap on a region interface: t lies alone on its side of an interface edge ab (both of
  /// its faces at ab face the same other region, nearly flat across ab). Giving t to that
  /// region swaps the interface's diagonal between the same four interface nodes (the
  /// interface moves by t's thickness, at most max_move), after which edge removal inside
  /// the other region takes the cap out. (Tagged surfaces are outer faces, never interfaces.)
  bool swap_interface(std::size_t t)
  {
    const TetQuality q = tet_quality(x[T[t][0]], x[T[t][1]], x[T[t][2]], x[T[t][3]]);
    if (q.max_dihedral_deg < opt.max_dihedral_deg)
      return false;
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j)
      {
        const std::size_t a = T[t][i], b = T[t][j];
        std::vector<int> sides_at_ab, sides_elsewhere;
        for (const Face &f : faces_of(T[t]))
        {
          const bool at_ab = std::count(f.begin(), f.end(), a) && std::count(f.begin(), f.end(), b);
          (at_ab ? sides_at_ab : sides_elsewhere).push_back(other_side(f, t));
        }
        const int other = sides_at_ab[0];
        if (other < 0 || other == R[t] || sides_at_ab[1] != other || sides_elsewhere[0] != R[t] ||
            sides_elsewhere[1] != R[t] || dihedral_at(t, a, b) < opt.max_dihedral_deg)
          continue;
        // The opposite edge cd: the cap's thickness is the distance between ab and cd, and
        // no tet of the other region may touch cd (the region would pinch there).
        const auto [c, d] = opposite_edge(t, a, b);
        const Vec n = cross(minus(x[b], x[a]), minus(x[d], x[c]));
        const double area = std::sqrt(dot(n, n));
        if (!(area > 0) || 6 * std::abs(volume(T[t])) / area > opt.max_move ||
            touches_edge(c, d, other, t))
          continue;
        const int own = R[t];
        R[t] = other;
        if (remove_edge(a, b))
        {
          --stats.flips;  // counted as a swap
          ++stats.interface_swaps;
          return true;
        }
        R[t] = own;
      }
    return false;
  }

  /// Moves node n, within the directions that leave every surface in place, to where the
  /// worst margin of its tets is largest (compass search, steps halved down to 1/64 of the
  /// first, a quarter of n's shortest edge).
  bool relocate(std::size_t n)
  {
    std::vector<Vec> axes;
    if (!free_directions(n, axes))
      return false;
    const Point3 start = x[n];
    const double initial = worst_margin(n);
    double best = initial, step = std::numeric_limits<double>::infinity();
    for (std::size_t t : ball[n])
      for (std::size_t v : T[t])
        if (v != n)
          step = std::min(step, 0.25 * distance(x[v], start));
    const double smallest = step / 64;
    Point3 p = start;
    for (int evaluations = 0; step >= smallest && evaluations < 400;)
    {
      bool improved = false;
      for (const auto &a : axes)
        for (double sign : {1.0, -1.0})
        {
          x[n] = {p[0] + sign * step * a[0], p[1] + sign * step * a[1], p[2] + sign * step * a[2]};
          ++evaluations;
          const double m = worst_margin(n);
          if (m > best)
          {
            best = m;
            p = x[n];
            improved = true;
          }
        }
      if (!improved)
        step /= 2;
    }
    x[n] = best > initial ? p : start;
    if (!(best > initial))
      return false;
    ++stats.relocations;
    stats.largest_relocation = std::max(stats.largest_relocation, distance(start, p));
    return true;
  }

  /// Drops a bad tet with at least two faces on the outer boundary.
  bool peel(std::size_t t)
  {
    int outer = 0;
    for (const Face &f : faces_of(T[t]))
      outer += face_count.at(f) == 1;
    // (four outer faces: an isolated tet, a piece of its own; not a sliver on a surface)
    if (outer < 2 || outer == 4)
      return false;
    apply({t}, {}, {});
    ++stats.peeled;
    return true;
  }

  void compact(std::vector<std::size_t> &node_map)
  {
    std::vector<Tet> tets;
    std::vector<int> regions;
    for (std::size_t t = 0; t < T.size(); ++t)
      if (alive[t])
      {
        tets.push_back(T[t]);
        regions.push_back(R[t]);
      }
    T.swap(tets);
    R.swap(regions);
    node_map.resize(x.size());
    for (std::size_t n = 0; n < x.size(); ++n)
    {
      std::size_t k = n;
      while (merged_into.count(k))
        k = merged_into.at(k);
      node_map[n] = k;
    }
  }

  bool live(std::size_t t) const { return alive[t]; }

  /// Distinct directions (0-3) of the outer-boundary and region-interface faces at a node:
  /// 0 inside a region, 1 on a smooth surface, 2 on a ridge, 3 at a corner. The node with
  /// fewer is the one merged, so corners and ridges keep their place.
  int feature_rank(std::size_t n) const { return static_cast<int>(feature_directions(n).size()); }

  /// The unit normals behind feature_rank (at most 3, each 20° or more from the others).
  std::vector<Vec> feature_directions(std::size_t n) const
  {
    std::vector<Vec> directions;
    for (const auto &[f, t] : feature_faces(n))
    {
      Vec d;
      if (!unit_normal(f, d))
        continue;
      const bool seen = std::any_of(directions.begin(), directions.end(), [&](const auto &e) {
        return std::abs(dot(e, d)) > std::cos(20 * M_PI / 180);
      });
      if (!seen)
        directions.push_back(d);
      if (directions.size() >= 3)
        return directions;
    }
    return directions;
  }

  /// Whether merging m into k leaves the geometry in place: m inside a region, or m on a flat
  /// surface (every feature face at m within 1° of one plane) and k on that plane.
  bool merge_keeps_geometry(std::size_t m, std::size_t k) const
  {
    const auto directions = feature_directions(m);
    if (directions.empty())
      return true;
    if (directions.size() > 1)
      return false;
    const auto &d = directions[0];
    for (const auto &[f, t] : feature_faces(m))
    {
      Vec n;
      if (unit_normal(f, n) && std::abs(dot(n, d)) < std::cos(M_PI / 180))
        return false;
    }
    const double off = dot(minus(x[k], x[m]), d);
    return std::abs(off) <= 1e-3 * distance(x[m], x[k]);
  }

  SliverRepairStats stats;

private:
  /// Whether a tet of `region` other than t has the edge cd.
  bool touches_edge(std::size_t c, std::size_t d, int region, std::size_t t) const
  {
    return std::any_of(ball[c].begin(), ball[c].end(),
                       [&](std::size_t s) { return s != t && contains(T[s], d) && R[s] == region; });
  }

  /// The two nodes of tet t that are not a or b.
  std::pair<std::size_t, std::size_t> opposite_edge(std::size_t t, std::size_t a, std::size_t b) const
  {
    std::vector<std::size_t> cd;
    for (std::size_t n : T[t])
      if (n != a && n != b)
        cd.push_back(n);
    return {cd[0], cd[1]};
  }

  /// Interior dihedral angle of tet t at its edge ab (degrees).
  double dihedral_at(std::size_t t, std::size_t a, std::size_t b) const
  {
    const auto [c, d] = opposite_edge(t, a, b);
    Vec e = minus(x[b], x[a]);
    normalise(e);
    // the components of ac and ad normal to the edge
    Vec u = minus(x[c], x[a]), v = minus(x[d], x[a]);
    const double ue = dot(u, e), ve = dot(v, e);
    for (int k = 0; k < 3; ++k)
    {
      u[k] -= ue * e[k];
      v[k] -= ve * e[k];
    }
    if (!normalise(u) || !normalise(v))
      return 0;
    return std::acos(std::clamp(dot(u, v), -1.0, 1.0)) * 180 / M_PI;
  }

  double worst_margin(std::size_t n) const
  {
    double m = std::numeric_limits<double>::infinity();
    for (std::size_t t : ball[n])
      m = std::min(m, margin(T[t]));
    return m;
  }

  /// Unit directions in which node n may move without moving a surface: three inside a
  /// region, two in a flat face, one along a straight ridge of two flat faces. False for a
  /// fixed node, a corner, a node on a curved face or where one plane changes the regions on
  /// its sides (the end of an interface inside a plane).
  bool free_directions(std::size_t n, std::vector<Vec> &axes) const
  {
    if (fixed[n])
      return false;
    struct Plane
    {
      Vec normal;
      std::pair<int, int> sides;
    };
    std::vector<Plane> planes;
    // Planar CAD faces are meshed flat to round-off; 1e-4 rad lets a node slide by 1 mm with
    // the surface off its plane by 0.1 micrometre at most, and excludes curved faces.
    const double parallel = std::cos(1e-4);
    for (const auto &[f, t] : feature_faces(n))
    {
      Vec d;
      if (!unit_normal(f, d))
        return false;
      const int other = other_side(f, t);
      const std::pair<int, int> sides{std::min(R[t], other), std::max(R[t], other)};
      const auto same = std::find_if(planes.begin(), planes.end(), [&](const Plane &p) {
        return std::abs(dot(p.normal, d)) > parallel;
      });
      if (same == planes.end())
        planes.push_back({d, sides});
      else if (same->sides != sides)
        return false;
      if (planes.size() > 2)
        return false;
    }
    axes.clear();
    if (planes.empty())
      axes = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    else if (planes.size() == 1)
    {
      const auto &d = planes[0].normal;
      // any vector not along d, made orthogonal to it, and d x that vector
      const Vec e = std::abs(d[0]) < 0.9 ? Vec{1, 0, 0} : Vec{0, 1, 0};
      const double de = dot(d, e);
      Vec u{e[0] - de * d[0], e[1] - de * d[1], e[2] - de * d[2]};
      normalise(u);
      axes = {u, cross(d, u)};
    }
    else
    {
      Vec line = cross(planes[0].normal, planes[1].normal);
      if (!normalise(line))
        return false;
      axes = {line};
    }
    return true;
  }

  /// Region on the other side of face f of tet t (-1: outside).
  int other_side(const Face &f, std::size_t t) const
  {
    for (std::size_t s : ball[f[0]])
      if (s != t && contains(T[s], f[1]) && contains(T[s], f[2]))
        return R[s];
    return -1;
  }

  std::set<std::size_t> neighbours(std::size_t n) const
  {
    std::set<std::size_t> out;
    for (std::size_t t : ball[n])
      for (std::size_t v : T[t])
        if (v != n)
          out.insert(v);
    return out;
  }

  /// Unit normal of a face (false if it has no area).
  bool unit_normal(const Face &f, Vec &n) const
  {
    const Point3 &a = x[f[0]], &b = x[f[1]], &c = x[f[2]];
    n = cross(minus(b, a), minus(c, a));
    return normalise(n);
  }

  /// The faces at node n on the outer boundary or between two regions, each with the tet it
  /// is seen from (an interface face twice, once from each side).
  std::vector<std::pair<Face, std::size_t>> feature_faces(std::size_t n) const
  {
    std::vector<std::pair<Face, std::size_t>> out;
    for (std::size_t t : ball[n])
      for (const Face &f : faces_of(T[t]))
        if (std::count(f.begin(), f.end(), n) && is_feature(f, t))
          out.push_back({f, t});
    return out;
  }

  /// A face on the outer boundary or between two regions (t is one of its tets).
  bool is_feature(const Face &f, std::size_t t) const { return other_side(f, t) != R[t]; }

  bool on_boundary(std::size_t n) const
  {
    for (std::size_t t : ball[n])
      for (const Face &f : faces_of(T[t]))
        if (std::count(f.begin(), f.end(), n) && face_count.at(f) == 1)
          return true;
    return false;
  }

  /// Every triangulation of a polygon (nodes in cyclic order), as lists of triangles.
  static std::vector<std::vector<Face>> triangulations(const std::vector<std::size_t> &p)
  {
    if (p.size() < 3)
      return {{}};
    std::vector<std::vector<Face>> all;
    // The triangle on the edge (first, last) has its apex at some p[k].
    for (std::size_t k = 1; k + 1 < p.size(); ++k)
    {
      const std::vector<std::size_t> left(p.begin(), p.begin() + k + 1), right(p.begin() + k, p.end());
      for (const auto &l : triangulations(left))
        for (const auto &r : triangulations(right))
        {
          std::vector<Face> t{{p.front(), p[k], p.back()}};
          t.insert(t.end(), l.begin(), l.end());
          t.insert(t.end(), r.begin(), r.end());
          all.push_back(t);
        }
    }
    return all;
  }

  static std::size_t apex(const Tet &t, const Face &f)
  {
    for (std::size_t n : t)
      if (!std::count(f.begin(), f.end(), n))
        return n;
    return t[0];
  }

  Tet oriented(Tet t) const
  {
    if (volume(t) < 0)
      std::swap(t[0], t[1]);
    return t;
  }

  /// Replaces tets `old` by `made` (a flip) if the union is unchanged and the worst tet improves.
  bool try_replace(const std::vector<std::size_t> &old, const std::vector<Tet> &made)
  {
    double old_volume = 0, new_volume = 0, old_margin = std::numeric_limits<double>::infinity(),
           new_margin = old_margin;
    for (std::size_t t : old)
    {
      old_volume += volume(T[t]);
      old_margin = std::min(old_margin, margin(T[t]));
    }
    for (const Tet &t : made)
    {
      new_volume += std::abs(volume(t));
      new_margin = std::min(new_margin, margin(t));
    }
    // Equal volumes: the new tets tile the old union (the flip's configuration is convex).
    if (std::abs(new_volume - old_volume) > 1e-9 * old_volume || !(new_margin > old_margin))
      return false;
    const int region = R[old.front()];
    if (!apply(old, made, {}, region))
      return false;
    ++stats.flips;
    return true;
  }

  /// Removes `old` tets and adds `made` ones (reusing the slots `reuse`, same order as the
  /// first made tets), unless a face would then be shared by more than two tets.
  bool apply(const std::vector<std::size_t> &old, const std::vector<Tet> &made,
             const std::vector<std::size_t> &reuse, int region = 0)
  {
    std::map<Face, int> delta;
    for (std::size_t t : old)
      for (const Face &f : faces_of(T[t]))
        --delta[f];
    for (const Tet &t : made)
      for (const Face &f : faces_of(t))
        ++delta[f];
    for (const auto &[f, d] : delta)
    {
      const auto it = face_count.find(f);
      if ((it == face_count.end() ? 0 : it->second) + d > 2)
        return false;
    }
    for (const auto &[f, d] : delta)
    {
      if (d == 0)
        continue;
      int &c = face_count[f];
      c += d;
      if (c == 0)
        face_count.erase(f);
    }
    std::vector<int> old_regions;
    for (std::size_t t : old)
    {
      old_regions.push_back(R[t]);
      alive[t] = 0;
      for (std::size_t n : T[t])
        ball[n].erase(std::remove(ball[n].begin(), ball[n].end(), t), ball[n].end());
    }
    for (std::size_t i = 0; i < made.size(); ++i)
    {
      std::size_t slot;
      if (i < reuse.size())
      {
        slot = reuse[i];
        R[slot] = old_regions[std::find(old.begin(), old.end(), slot) - old.begin()];
      }
      else
      {
        slot = T.size();
        T.push_back(made[i]);
        R.push_back(region);
        alive.push_back(0);
      }
      T[slot] = made[i];
      alive[slot] = 1;
      for (std::size_t n : made[i])
        ball[n].push_back(slot);
    }
    return true;
  }

  std::vector<Point3> &x;
  std::vector<Tet> &T;
  std::vector<int> &R;
  const SliverRepairOptions opt;
  std::vector<char> alive;
  std::vector<std::vector<std::size_t>> ball;
  std::unordered_map<Face, int, FaceHash> face_count;
  std::map<std::size_t, std::size_t> merged_into;
  std::vector<char> fixed; ///< options.fixed, passed on to the node a fixed node merges into
};
} // namespace

SliverRepairStats repair_slivers(std::vector<Point3> &nodes, std::vector<std::array<std::size_t, 4>> &tets,
                                 std::vector<int> &regions, std::vector<std::size_t> &node_map,
                                 const SliverRepairOptions &options)
{
  Repair r(nodes, tets, regions, options);
  r.stats.bad_before = r.bad_tets().size();
  // Shortest edge first: the merge that moves the geometry least.
  const auto edges_by_length = [&](const Tet &t) {
    std::vector<std::pair<double, std::pair<std::size_t, std::size_t>>> e;
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j)
        e.push_back({distance(nodes[t[i]], nodes[t[j]]), {t[i], t[j]}});
    std::sort(e.begin(), e.end());
    return e;
  };
  for (int sweep = 0; sweep < options.sweeps; ++sweep)
  {
    bool changed = false;
    for (std::size_t t : r.bad_tets())
    {
      if (!r.live(t) || !(r.margin(tets[t]) < 0))
        continue;
      for (auto [length, e] : edges_by_length(tets[t]))
      {
        if (r.feature_rank(e.first) < r.feature_rank(e.second))
          std::swap(e.first, e.second);
        if (r.collapse(e.second, e.first) || r.collapse(e.first, e.second))
        {
          changed = true;
          break;
        }
      }
    }
    for (std::size_t t : r.bad_tets())
      if (r.live(t) && r.margin(tets[t]) < 0 && (r.remove_edge(t) || r.flip_23(t) || r.swap_interface(t)))
        changed = true;
    for (std::size_t t : r.bad_tets())
      if (r.live(t) && r.margin(tets[t]) < 0)
      {
        const Tet nodes_of_t = tets[t];
        for (std::size_t n : nodes_of_t)
          changed = r.relocate(n) || changed;
      }
    if (!changed)
      break;
  }
  for (std::size_t t : r.bad_tets())
    if (r.live(t))
      r.peel(t);
  r.stats.bad_after = r.bad_tets().size();
  r.compact(node_map);
  return r.stats;
}
} // namespace spine::geometry
