#include "meshes/geometry/canal_section.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace spine::geometry
{
namespace
{
double dot(const Point3 &a, const Point3 &b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Point3 sub(const Point3 &a, const Point3 &b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Point3 cross(const Point3 &a, const Point3 &b)
{
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

// Irrational lattice offsets (fractions of a pixel): keep sample points off the round
// coordinates of hand-made or CAD-aligned geometry, so walls through samples are rare.
constexpr double kJitterS = 0.318309886183790671;  // 1/pi
constexpr double kJitterT = 0.367879441171442322;  // 1/e
// A wall closer than this fraction of a pixel to a sample also blocks the sample's other
// link on that line: a sample (numerically) on a wall is isolated, never a bridge.
constexpr double kTouch = 1e-9;

constexpr std::uint8_t kBlockE = 1;  // link (i,j)-(i+1,j) crosses a wall
constexpr std::uint8_t kBlockN = 2;  // link (i,j)-(i,j+1) crosses a wall
constexpr std::uint8_t kFilled = 4;  // sample connected to the seed

double orient(const Point2 &a, const Point2 &b, const Point2 &c)
{
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

bool on_box(const Point2 &a, const Point2 &b, const Point2 &p)
{
  return std::min(a[0], b[0]) <= p[0] && p[0] <= std::max(a[0], b[0]) &&
         std::min(a[1], b[1]) <= p[1] && p[1] <= std::max(a[1], b[1]);
}

// Closed segments p1p2 and q1q2 share a point (touching counts).
bool segments_touch(const Point2 &p1, const Point2 &p2, const Point2 &q1, const Point2 &q2)
{
  const double d1 = orient(q1, q2, p1), d2 = orient(q1, q2, p2);
  const double d3 = orient(p1, p2, q1), d4 = orient(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
    return true;
  return (d1 == 0 && on_box(q1, q2, p1)) || (d2 == 0 && on_box(q1, q2, p2)) ||
         (d3 == 0 && on_box(p1, p2, q1)) || (d4 == 0 && on_box(p1, p2, q2));
}

// Wall segment normalised for scanning in t: lo[1] <= hi[1].
struct Wall
{
  Point2 lo, hi;
  // s at scan line t (lo[1] <= t <= hi[1], not horizontal); exact at the end points so
  // that segments sharing an end point report the same crossing.
  double s_at(double t) const
  {
    if (t <= lo[1]) return lo[0];
    if (t >= hi[1]) return hi[0];
    return lo[0] + (t - lo[1]) * (hi[0] - lo[0]) / (hi[1] - lo[1]);
  }
};

class Lattice
{
public:
  Lattice(const Point2 &seed, const CanalSectionOptions &opt)
  {
    if (!(opt.pixel_size > 0) || !(opt.half_extent > 0) || !(opt.seal_gap >= 0))
      throw std::invalid_argument("canal_section: need pixel_size > 0, half_extent > 0, seal_gap >= 0");
    const double nd = std::ceil(2 * opt.half_extent / opt.pixel_size) + 1;
    if (!(nd * nd <= 1e8))
      throw std::invalid_argument("canal_section: window too large (> 1e8 samples); "
                                  "increase pixel_size or reduce half_extent");
    h = opt.pixel_size;
    n = static_cast<int>(nd);
    s0 = seed[0] - opt.half_extent + kJitterS * h;
    t0 = seed[1] - opt.half_extent + kJitterT * h;
    flags.assign(static_cast<std::size_t>(n) * n, 0);
    row_s.resize(n);
    col_t.resize(n);
  }

  double cs(long i) const { return s0 + i * h; }
  double ct(long j) const { return t0 + j * h; }
  std::size_t idx(long i, long j) const { return static_cast<std::size_t>(j) * n + i; }
  bool inside(long i, long j) const { return i >= 0 && j >= 0 && i < n && j < n; }
  bool filled(long i, long j) const { return inside(i, j) && (flags[idx(i, j)] & kFilled); }

  // Record the crossings of one wall with all lattice rows (axis 0: lines t = ct(j),
  // crossing coordinate s) or columns (axis 1), and block the links they touch.
  void add_wall(const Segment2 &w, int axis)
  {
    const int lc = axis == 0 ? 1 : 0;  // coordinate constant along the lattice line
    const int ac = 1 - lc;             // coordinate along the line
    const double l0 = axis == 0 ? t0 : s0, a0 = axis == 0 ? s0 : t0;
    Point2 p = w.a, q = w.b;
    if (p[lc] > q[lc]) std::swap(p, q);
    const double lo = p[lc], hi = q[lc];
    const long k_lo = std::max(0L, static_cast<long>(std::ceil((lo - l0) / h)) - 1);
    const long k_hi = std::min(n - 1L, static_cast<long>(std::floor((hi - l0) / h)) + 1);
    for (long k = k_lo; k <= k_hi; ++k)
      {
        const double c = l0 + k * h;  // same expression as cs()/ct()
        if (c < lo || c > hi) continue;
        auto &list = axis == 0 ? row_s[k] : col_t[k];
        if (lo == hi)  // wall lies on the lattice line: block every link it covers
          {
            const double a = std::min(p[ac], q[ac]), b = std::max(p[ac], q[ac]);
            list.push_back(a);
            list.push_back(b);
            const long m_lo = static_cast<long>(std::floor(clamp_u((a - a0) / h))) - 1;
            const long m_hi = static_cast<long>(std::floor(clamp_u((b - a0) / h))) + 1;
            for (long m = m_lo; m <= m_hi; ++m) block(axis, k, m);
            continue;
          }
        const double x = c == lo ? p[ac] : c == hi ? q[ac]
                                               : p[ac] + (c - lo) * (q[ac] - p[ac]) / (hi - lo);
        list.push_back(x);
        const double u = clamp_u((x - a0) / h);
        const double fl = std::floor(u);
        const long m = static_cast<long>(fl);
        block(axis, k, m);
        if (u - fl < kTouch) block(axis, k, m - 1);
        if (u - fl > 1 - kTouch) block(axis, k, m + 1);
      }
  }

  // No wall touches the vertical link from (cs(i), ta) to (cs(i), tb).
  bool column_clear(long i, double ta, double tb) const
  {
    if (ta > tb) std::swap(ta, tb);
    const auto &c = col_t[i];
    const auto it = std::lower_bound(c.begin(), c.end(), ta);
    return it == c.end() || *it > tb;
  }

  // Boundary point on the link between a filled and an unfilled sample: the exact wall
  // crossing nearest to the filled sample (the link is blocked, so one exists).
  Point2 link_point(long i, long j, bool horizontal) const
  {
    if (horizontal)  // (i,j)-(i+1,j)
      {
        const double a = cs(i), b = cs(i + 1);
        double x = 0.5 * (a + b);
        if (j >= 0 && j < n)
          {
            const auto &r = row_s[j];
            if (filled(i, j))
              {
                const auto it = std::lower_bound(r.begin(), r.end(), a);
                if (it != r.end()) x = std::min(*it, b);
              }
            else
              {
                const auto it = std::upper_bound(r.begin(), r.end(), b);
                if (it != r.begin()) x = std::max(*(it - 1), a);
              }
          }
        return {x, ct(j)};
      }
    const double a = ct(j), b = ct(j + 1);  // (i,j)-(i,j+1)
    double y = 0.5 * (a + b);
    if (i >= 0 && i < n)
      {
        const auto &c = col_t[i];
        if (filled(i, j))
          {
            const auto it = std::lower_bound(c.begin(), c.end(), a);
            if (it != c.end()) y = std::min(*it, b);
          }
        else
          {
            const auto it = std::upper_bound(c.begin(), c.end(), b);
            if (it != c.begin()) y = std::max(*(it - 1), a);
          }
      }
    return {cs(i), y};
  }

  double clamp_u(double u) const { return std::clamp(u, -2.0, n + 2.0); }

  void block(int axis, long line, long m)
  {
    if (m < 0 || m >= n - 1) return;
    if (axis == 0)
      flags[idx(m, line)] |= kBlockE;
    else
      flags[idx(line, m)] |= kBlockN;
  }

  double h = 0, s0 = 0, t0 = 0;
  long n = 0;
  std::vector<std::uint8_t> flags;
  std::vector<std::vector<double>> row_s;  // s of wall crossings with row j (sorted after build)
  std::vector<std::vector<double>> col_t;  // t of wall crossings with column i
};

// Marching squares over the filled samples; crossing points on the exact walls.
std::vector<std::vector<Point2>> trace_outline(const Lattice &L, long imin, long imax,
                                               long jmin, long jmax)
{
  const long stride = L.n + 2;
  auto key = [&](long i, long j, bool horizontal) {
    return ((static_cast<std::int64_t>(j + 1) * stride + (i + 1)) << 1) | (horizontal ? 0 : 1);
  };
  struct Piece
  {
    std::int64_t from, to;
    Point2 pf, pt;
  };
  std::vector<Piece> pieces;
  std::unordered_map<std::int64_t, std::size_t> by_start;
  for (long j = jmin - 1; j <= jmax; ++j)
    for (long i = imin - 1; i <= imax; ++i)
      {
        // Corners counter-clockwise; edge k runs from corner k to corner k+1.
        const bool s[4] = {L.filled(i, j), L.filled(i + 1, j), L.filled(i + 1, j + 1),
                           L.filled(i, j + 1)};
        if (s[0] == s[1] && s[1] == s[2] && s[2] == s[3]) continue;
        const long ei[4] = {i, i + 1, i, i};
        const long ej[4] = {j, j, j + 1, j};
        const bool eh[4] = {true, false, true, false};
        for (int k = 0; k < 4; ++k)
          {
            if (!(s[k] && !s[(k + 1) % 4])) continue;  // not an exit edge
            // Pair with the preceding entry edge: keeps diagonal filled samples apart,
            // consistent with the 4-connected fill.
            int m = (k + 3) % 4;
            while (!(!s[m] && s[(m + 1) % 4])) m = (m + 3) % 4;
            Piece p{key(ei[k], ej[k], eh[k]), key(ei[m], ej[m], eh[m]),
                    L.link_point(ei[k], ej[k], eh[k]), L.link_point(ei[m], ej[m], eh[m])};
            by_start.emplace(p.from, pieces.size());
            pieces.push_back(p);
          }
      }
  std::vector<std::vector<Point2>> loops;
  std::vector<char> used(pieces.size(), 0);
  for (std::size_t s = 0; s < pieces.size(); ++s)
    {
      if (used[s]) continue;
      std::vector<Point2> loop{pieces[s].pf};
      std::size_t cur = s;
      while (!used[cur])
        {
          used[cur] = 1;
          loop.push_back(pieces[cur].pt);
          const auto it = by_start.find(pieces[cur].to);
          if (it == by_start.end()) break;  // cannot happen for a finite filled set
          cur = it->second;
        }
      loops.push_back(std::move(loop));
    }
  return loops;
}

// Closest points of segments p1q1 and p2q2 (Ericson, Real-Time Collision Detection 5.1.9).
std::pair<Point2, Point2> closest_points(const Point2 &p1, const Point2 &q1, const Point2 &p2,
                                         const Point2 &q2)
{
  const Point2 d1{q1[0] - p1[0], q1[1] - p1[1]}, d2{q2[0] - p2[0], q2[1] - p2[1]};
  const Point2 r{p1[0] - p2[0], p1[1] - p2[1]};
  const double a = d1[0] * d1[0] + d1[1] * d1[1], e = d2[0] * d2[0] + d2[1] * d2[1];
  const double f = d2[0] * r[0] + d2[1] * r[1];
  double s = 0, t = 0;
  if (a <= 0 && e <= 0) return {p1, p2};
  if (a <= 0)
    t = std::clamp(f / e, 0.0, 1.0);
  else
    {
      const double c = d1[0] * r[0] + d1[1] * r[1];
      if (e <= 0)
        s = std::clamp(-c / a, 0.0, 1.0);
      else
        {
          const double b = d1[0] * d2[0] + d1[1] * d2[1], den = a * e - b * b;
          s = den > 0 ? std::clamp((b * f - c * e) / den, 0.0, 1.0) : 0.0;
          t = (b * s + f) / e;
          if (t < 0)
            t = 0, s = std::clamp(-c / a, 0.0, 1.0);
          else if (t > 1)
            t = 1, s = std::clamp((b - c) / a, 0.0, 1.0);
        }
    }
  return {{p1[0] + s * d1[0], p1[1] + s * d1[1]}, {p2[0] + t * d2[0], p2[1] + t * d2[1]}};
}

// Seal contact gaps: for every pair of walls closer than `gap` (but not touching), add
// a wall between their closest points. Bucketed so the cost stays ~linear.
void add_gap_bridges(std::vector<Segment2> &segs, double gap)
{
  const std::size_t n0 = segs.size();
  if (n0 < 2) return;
  double lo[2] = {HUGE_VAL, HUGE_VAL}, hi[2] = {-HUGE_VAL, -HUGE_VAL};
  for (const auto &w : segs)
    for (int k = 0; k < 2; ++k)
      lo[k] = std::min({lo[k], w.a[k], w.b[k]}), hi[k] = std::max({hi[k], w.a[k], w.b[k]});
  // Cell size ~ typical wall length (>= gap); at most ~4M cells.
  double total = 0;
  for (const auto &w : segs) total += std::hypot(w.b[0] - w.a[0], w.b[1] - w.a[1]);
  double cell = std::max({gap, total / n0, 1e-9});
  cell = std::max(cell, std::max(hi[0] - lo[0], hi[1] - lo[1]) / 2000);
  const long nx = static_cast<long>((hi[0] - lo[0] + 2 * gap) / cell) + 1;
  const long ny = static_cast<long>((hi[1] - lo[1] + 2 * gap) / cell) + 1;
  std::unordered_map<long, std::vector<std::uint32_t>> grid;
  for (std::uint32_t w = 0; w < n0; ++w)
    {
      const auto &S = segs[w];
      const long i0 = static_cast<long>((std::min(S.a[0], S.b[0]) - gap - lo[0] + gap) / cell);
      const long i1 = static_cast<long>((std::max(S.a[0], S.b[0]) + gap - lo[0] + gap) / cell);
      const long j0 = static_cast<long>((std::min(S.a[1], S.b[1]) - gap - lo[1] + gap) / cell);
      const long j1 = static_cast<long>((std::max(S.a[1], S.b[1]) + gap - lo[1] + gap) / cell);
      for (long j = std::max(0L, j0); j <= std::min(ny - 1, j1); ++j)
        for (long i = std::max(0L, i0); i <= std::min(nx - 1, i1); ++i) grid[j * nx + i].push_back(w);
    }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> done;
  for (const auto &cellv : grid)
    {
      const auto &v = cellv.second;
      for (std::size_t x = 0; x < v.size(); ++x)
        for (std::size_t y = x + 1; y < v.size(); ++y)
          {
            const auto &A = segs[v[x]], &B = segs[v[y]];
            const auto cp = closest_points(A.a, A.b, B.a, B.b);
            const double d = std::hypot(cp.first[0] - cp.second[0], cp.first[1] - cp.second[1]);
            if (d > 0 && d < gap) done.emplace_back(std::min(v[x], v[y]), std::max(v[x], v[y]));
          }
    }
  std::sort(done.begin(), done.end());
  done.erase(std::unique(done.begin(), done.end()), done.end());
  for (const auto &pr : done)
    {
      const auto cp = closest_points(segs[pr.first].a, segs[pr.first].b, segs[pr.second].a, segs[pr.second].b);
      segs.push_back({cp.first, cp.second});
    }
}

}  // namespace

SectionPlane make_section_plane(const Point3 &origin, const Point3 &e1_hint,
                                const Point3 &e2_hint)
{
  const double n1 = std::sqrt(dot(e1_hint, e1_hint));
  if (!(n1 > 0)) throw std::invalid_argument("make_section_plane: zero e1");
  const Point3 e1{e1_hint[0] / n1, e1_hint[1] / n1, e1_hint[2] / n1};
  const double p = dot(e2_hint, e1);
  Point3 e2{e2_hint[0] - p * e1[0], e2_hint[1] - p * e1[1], e2_hint[2] - p * e1[2]};
  const double n2 = std::sqrt(dot(e2, e2));
  if (!(n2 > 1e-12 * std::sqrt(dot(e2_hint, e2_hint))) || !(n2 > 0))
    throw std::invalid_argument("make_section_plane: e1 and e2 (nearly) parallel");
  for (double &x : e2) x /= n2;
  return {origin, e1, e2};
}

Point2 to_2d(const SectionPlane &plane, const Point3 &p)
{
  const Point3 d = sub(p, plane.origin);
  return {dot(d, plane.e1), dot(d, plane.e2)};
}

Point3 to_3d(const SectionPlane &plane, const Point2 &st)
{
  Point3 r;
  for (int k = 0; k < 3; ++k)
    r[k] = plane.origin[k] + st[0] * plane.e1[k] + st[1] * plane.e2[k];
  return r;
}

std::vector<Segment2> slice_triangles(const std::vector<Triangle3> &triangles,
                                      const SectionPlane &plane)
{
  const Point3 nrm = cross(plane.e1, plane.e2);
  std::vector<Segment2> out;
  // Edge point computed from (above vertex, below vertex) in that order, so both
  // triangles sharing the edge produce bit-identical points.
  auto edge_point = [&](const Point3 &u, double du, const Point3 &v, double dv) {
    const double t = du / (du - dv);  // du >= 0 > dv
    const Point3 p{u[0] + t * (v[0] - u[0]), u[1] + t * (v[1] - u[1]), u[2] + t * (v[2] - u[2])};
    return to_2d(plane, p);
  };
  for (const auto &tri : triangles)
    {
      double d[3];
      bool up[3];
      for (int k = 0; k < 3; ++k)
        {
          d[k] = dot(sub(tri[k], plane.origin), nrm);
          up[k] = d[k] >= 0;  // on the plane counts as above (simulation of simplicity)
        }
      if (up[0] == up[1] && up[1] == up[2]) continue;  // no crossing, or coplanar
      int lone = 0;
      while (up[lone] == up[(lone + 1) % 3] || up[lone] == up[(lone + 2) % 3]) ++lone;
      Point2 pts[2];
      for (int e = 0; e < 2; ++e)
        {
          const int o = (lone + 1 + e) % 3;
          pts[e] = up[lone] ? edge_point(tri[lone], d[lone], tri[o], d[o])
                            : edge_point(tri[o], d[o], tri[lone], d[lone]);
        }
      if (pts[0] != pts[1]) out.push_back({pts[0], pts[1]});
    }
  return out;
}

double polygon_area(const std::vector<Point2> &poly)
{
  double a = 0;
  for (std::size_t k = 0, m = poly.size(); k < m; ++k)
    {
      const Point2 &p = poly[k], &q = poly[(k + 1) % m];
      a += p[0] * q[1] - q[0] * p[1];
    }
  return 0.5 * a;
}

CanalSection canal_section(const std::vector<Segment2> &walls_in, const Point2 &seed,
                           const CanalSectionOptions &opt)
{
  Lattice L(seed, opt);
  const double h = L.h;
  const double w_lo_s = L.cs(-1), w_hi_s = L.cs(L.n), w_lo_t = L.ct(-1), w_hi_t = L.ct(L.n);

  // Walls that can influence the window (+ bridges across contact gaps).
  std::vector<Segment2> segs;
  segs.reserve(walls_in.size());
  for (const auto &w : walls_in)
    {
      if (!(std::isfinite(w.a[0]) && std::isfinite(w.a[1]) && std::isfinite(w.b[0]) &&
            std::isfinite(w.b[1])))
        continue;
      if (std::max(w.a[0], w.b[0]) < w_lo_s || std::min(w.a[0], w.b[0]) > w_hi_s ||
          std::max(w.a[1], w.b[1]) < w_lo_t || std::min(w.a[1], w.b[1]) > w_hi_t)
        continue;
      segs.push_back(w);
    }
  if (opt.seal_gap > 0) add_gap_bridges(segs, opt.seal_gap);
  std::vector<Wall> walls;
  walls.reserve(segs.size());
  for (const auto &w : segs)
    {
      L.add_wall(w, 0);
      L.add_wall(w, 1);
      walls.push_back(w.a[1] <= w.b[1] ? Wall{w.a, w.b} : Wall{w.b, w.a});
    }
  for (auto &r : L.row_s) std::sort(r.begin(), r.end());
  for (auto &c : L.col_t) std::sort(c.begin(), c.end());

  CanalSection res;

  // Start sample: the nearest corner of the seed's cell that the seed sees directly.
  const long i0 = static_cast<long>(std::floor((seed[0] - L.s0) / h));
  const long j0 = static_cast<long>(std::floor((seed[1] - L.t0) / h));
  std::array<std::pair<double, std::pair<long, long>>, 4> cand;
  for (int k = 0; k < 4; ++k)
    {
      const long i = i0 + (k & 1), j = j0 + (k >> 1);
      cand[k] = {std::hypot(L.cs(i) - seed[0], L.ct(j) - seed[1]), {i, j}};
    }
  std::sort(cand.begin(), cand.end());
  long si = -1, sj = -1;
  for (const auto &c : cand)
    {
      const Point2 p{L.cs(c.second.first), L.ct(c.second.second)};
      bool blocked = false;
      for (const auto &w : walls)
        if (segments_touch(seed, p, w.lo, w.hi))
          {
            blocked = true;
            break;
          }
      if (!blocked)
        {
          si = c.second.first;
          sj = c.second.second;
          break;
        }
    }

  // 4-connected flood fill over unblocked links (skipped if the seed's region is so small
  // that it holds no sample: then only the chord flood below finds it).
  const long n = L.n;
  long imin = si, imax = si, jmin = sj, jmax = sj;
  bool leaked = false;
  if (si >= 0)
  {
    std::vector<std::size_t> stack{L.idx(si, sj)};
    L.flags[stack.back()] |= kFilled;
    auto push = [&](std::size_t q) {
      if (!(L.flags[q] & kFilled))
        {
          L.flags[q] |= kFilled;
          stack.push_back(q);
        }
    };
    while (!stack.empty())
      {
        const std::size_t p = stack.back();
        stack.pop_back();
        const long i = static_cast<long>(p % n), j = static_cast<long>(p / n);
        imin = std::min(imin, i), imax = std::max(imax, i);
        jmin = std::min(jmin, j), jmax = std::max(jmax, j);
        // Keep filling after a leak: bounded by the window, and the outline shows where.
        if (i == 0 || j == 0 || i == n - 1 || j == n - 1) leaked = true;
        const std::uint8_t f = L.flags[p];
        if (i + 1 < n && !(f & kBlockE)) push(p + 1);
        if (i > 0 && !(L.flags[p - 1] & kBlockE)) push(p - 1);
        if (j + 1 < n && !(f & kBlockN)) push(p + n);
        if (j > 0 && !(L.flags[p - n] & kBlockN)) push(p - n);
      }
  }

  // Exact area: cut the t axis at every lattice row and every wall end point into
  // pieces. Inside a piece no wall starts or ends, so on each line t = const the free
  // intervals between consecutive wall crossings ("chords") are bounded by the same two
  // walls and their length is linear in t (barring wall-wall crossings): the midpoint
  // rule is exact per piece. The region is a set of chords, found by a flood over
  // chords of adjacent pieces that overlap on the shared boundary line, started from the
  // chords proved by the lattice fill.
  constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  struct Chord
  {
    std::uint32_t left, right;  // bounding walls; kNone = unbounded (outside every wall)
    double a, b;                // ends on the piece's middle line
    long k;                     // rank of the left wall on the middle line (-1: none)
    bool in;                    // in the seed's region
  };
  struct Piece
  {
    double ta, tb;
    std::vector<Chord> chords;
    // Walls in middle-line order, evaluated on the boundary lines ta / tb: running max
    // from the left and running min from the right (detects walls changing order).
    std::vector<double> lmax_a, rmin_a, lmax_b, rmin_b;
  };

  // Does chord (a,b) on line t inside strip j hold a filled sample? A sample strictly
  // inside it with a wall-free vertical path to lattice row j or j+1 is in the chord's
  // face. A few unfilled ones are enough to give up (the chord flood decides those).
  auto holds_filled_sample = [&](double a, double b, double t, long j) {
    if (si < 0) return false;
    long i = std::max(0L, static_cast<long>(std::floor(std::clamp((a - L.s0) / h, -1.0, n + 1.0))) + 1);
    if (L.cs(i) <= a) ++i;
    int tried = 0;
    for (; i < n && L.cs(i) < b && tried < 4; ++i)
      for (long r : {j, j + 1})
        if (L.column_clear(i, t, L.ct(r)))
          {
            if (L.filled(i, r)) return true;
            ++tried;
          }
    return false;
  };

  const long nstrip = n - 1;
  std::vector<std::vector<std::uint32_t>> strip_walls(nstrip);
  std::vector<std::vector<double>> strip_events(nstrip);
  std::vector<std::array<double, 3>> flat;  // horizontal walls: t, s_min, s_max
  for (std::uint32_t w = 0; w < walls.size(); ++w)
    {
      const Wall &W = walls[w];
      if (W.lo[1] == W.hi[1])
        flat.push_back({W.lo[1], std::min(W.lo[0], W.hi[0]), std::max(W.lo[0], W.hi[0])});
      const long a = std::max(0L, static_cast<long>(std::floor(std::clamp((W.lo[1] - L.t0) / h, -2.0, n + 2.0))) - 1);
      const long b = std::min(nstrip - 1, static_cast<long>(std::floor(std::clamp((W.hi[1] - L.t0) / h, -2.0, n + 2.0))) + 1);
      for (long k = a; k <= b; ++k)
        {
          const double tl = L.ct(k), th = L.ct(k + 1);
          if (W.lo[1] < th && W.hi[1] > tl) strip_walls[k].push_back(w);
          for (double e : {W.lo[1], W.hi[1]})
            if (e > tl && e < th) strip_events[k].push_back(e);
        }
    }
  std::sort(flat.begin(), flat.end());

  std::vector<Piece> pieces;
  std::vector<double> ts;
  std::vector<std::pair<double, std::uint32_t>> xs;
  for (long j = 0; j < nstrip; ++j)
    {
      ts = std::move(strip_events[j]);
      ts.push_back(L.ct(j));
      ts.push_back(L.ct(j + 1));
      std::sort(ts.begin(), ts.end());
      ts.erase(std::unique(ts.begin(), ts.end()), ts.end());
      for (std::size_t k = 0; k + 1 < ts.size(); ++k)
        {
          const double ta = ts[k], tb = ts[k + 1], tm = 0.5 * (ta + tb);
          if (!(tb > ta)) continue;
          Piece P{ta, tb, {}, {}, {}, {}, {}};
          xs.clear();
          for (std::uint32_t w : strip_walls[j])
            {
              const Wall &W = walls[w];
              if (W.lo[1] <= tm && tm <= W.hi[1] && W.lo[1] < W.hi[1]) xs.emplace_back(W.s_at(tm), w);
            }
          std::sort(xs.begin(), xs.end());
          const std::size_t m = xs.size();
          P.lmax_a.resize(m), P.rmin_a.resize(m), P.lmax_b.resize(m), P.rmin_b.resize(m);
          for (std::size_t c = 0; c < m; ++c)
            {
              const Wall &W = walls[xs[c].second];
              P.lmax_a[c] = std::max(c ? P.lmax_a[c - 1] : -HUGE_VAL, W.s_at(ta));
              P.lmax_b[c] = std::max(c ? P.lmax_b[c - 1] : -HUGE_VAL, W.s_at(tb));
            }
          for (std::size_t c = m; c-- > 0;)
            {
              const Wall &W = walls[xs[c].second];
              P.rmin_a[c] = std::min(c + 1 < m ? P.rmin_a[c + 1] : HUGE_VAL, W.s_at(ta));
              P.rmin_b[c] = std::min(c + 1 < m ? P.rmin_b[c + 1] : HUGE_VAL, W.s_at(tb));
            }
          P.chords.push_back({kNone, m ? xs.front().second : kNone, -HUGE_VAL,
                              m ? xs.front().first : HUGE_VAL, -1, false});
          for (std::size_t c = 0; c + 1 < m; ++c)
            {
              const double a = xs[c].first, b = xs[c + 1].first;
              if (b > a)
                P.chords.push_back({xs[c].second, xs[c + 1].second, a, b, static_cast<long>(c),
                                    holds_filled_sample(a, b, tm, j)});
            }
          if (m) P.chords.push_back({xs.back().second, kNone, xs.back().first, HUGE_VAL, static_cast<long>(m) - 1, false});
          // The seed's own chord: the one whose reach on the line through the seed
          // (see end_interval) contains it.
          if (ta <= seed[1] && seed[1] <= tb)
            {
              std::vector<double> lmax(m), rmin(m);
              for (std::size_t c = 0; c < m; ++c)
                lmax[c] = std::max(c ? lmax[c - 1] : -HUGE_VAL, walls[xs[c].second].s_at(seed[1]));
              for (std::size_t c = m; c-- > 0;)
                rmin[c] = std::min(c + 1 < m ? rmin[c + 1] : HUGE_VAL, walls[xs[c].second].s_at(seed[1]));
              for (Chord &c : P.chords)
                {
                  const double lo = c.k >= 0 ? lmax[c.k] : -HUGE_VAL;
                  const double hi = static_cast<std::size_t>(c.k + 1) < m ? rmin[c.k + 1] : HUGE_VAL;
                  if (lo < seed[0] && seed[0] < hi) c.in = true;
                }
            }
          pieces.push_back(std::move(P));
        }
    }

  // The part of boundary line t that chord c of piece P reaches without crossing a wall:
  // (max of the walls left of c on the middle line, min of those right of it), both taken
  // on line t. Between the middle line and t that gap is concave in t (min of linear
  // minus max of linear), so it stays open all the way; walls that cross inside the piece
  // only shrink it. Empty if the gap closes.
  auto end_interval = [&](const Piece &P, const Chord &c, double t) -> std::pair<double, double> {
    const auto &lmax = t == P.ta ? P.lmax_a : P.lmax_b;
    const auto &rmin = t == P.ta ? P.rmin_a : P.rmin_b;
    const double lo = c.k >= 0 ? lmax[c.k] : -HUGE_VAL;
    const double hi = static_cast<std::size_t>(c.k + 1) < rmin.size() ? rmin[c.k + 1] : HUGE_VAL;
    return hi > lo ? std::make_pair(lo, hi) : std::make_pair(0.0, 0.0);
  };
  // Chords of adjacent pieces are in one face if those parts overlap on the shared line
  // and horizontal walls lying on that line do not cover the overlap.
  auto joined = [&](const Piece &P, const Chord &c, const Piece &Q, const Chord &d, double t) {
    const auto u = end_interval(P, c, t), v = end_interval(Q, d, t);
    double lo = std::max(u.first, v.first);
    const double hi = std::min(u.second, v.second);
    if (!(hi > lo)) return false;
    for (auto it = std::lower_bound(flat.begin(), flat.end(), std::array<double, 3>{t, -HUGE_VAL, -HUGE_VAL});
         it != flat.end() && (*it)[0] == t; ++it)  // sorted by s_min
      {
        if ((*it)[1] > lo) return true;  // uncovered gap before this wall
        lo = std::max(lo, (*it)[2]);
        if (lo >= hi) return false;
      }
    return true;
  };

  // Flood from the chords holding filled samples and the seed's chord. It is exact, so it
  // also passes gaps and diagonal features thinner than a pixel that the lattice cannot.
  std::vector<std::pair<std::size_t, std::size_t>> queue;
  for (std::size_t q = 0; q < pieces.size(); ++q)
    for (std::size_t c = 0; c < pieces[q].chords.size(); ++c)
      if (pieces[q].chords[c].in) queue.emplace_back(q, c);
  if (queue.empty())
    {
      res.error = "seed lies on a wall";
      return res;
    }
  while (!queue.empty())
    {
      const auto [q, c] = queue.back();
      queue.pop_back();
      for (int dir : {-1, 1})
        {
          if ((dir < 0 && q == 0) || (dir > 0 && q + 1 == pieces.size())) continue;
          const std::size_t r = q + dir;
          const double t = dir > 0 ? pieces[q].tb : pieces[q].ta;
          if ((dir > 0 ? pieces[r].ta : pieces[r].tb) != t) continue;
          for (std::size_t e = 0; e < pieces[r].chords.size(); ++e)
            {
              Chord &d = pieces[r].chords[e];
              if (d.in || !joined(pieces[q], pieces[q].chords[c], pieces[r], d, t))
                continue;
              d.in = true;
              queue.emplace_back(r, e);
            }
        }
    }

  double area = 0, mom_s = 0, mom_t = 0;
  double smin = HUGE_VAL, smax = -HUGE_VAL, tmin = HUGE_VAL, tmax = -HUGE_VAL;
  const double win_lo = L.cs(0), win_hi = L.cs(n - 1);
  for (std::size_t q = 0; q < pieces.size(); ++q)
    {
      const Piece &p = pieces[q];
      const double dt = p.tb - p.ta, tm = 0.5 * (p.ta + p.tb);
      double len = 0;
      for (const Chord &c : p.chords)
        {
          if (!c.in) continue;
          // Unbounded, or beyond the window: the region is not closed within the window.
          if (c.left == kNone || c.right == kNone || c.a < win_lo || c.b > win_hi || q == 0 ||
              q + 1 == pieces.size())
            {
              leaked = true;
              continue;
            }
          len += c.b - c.a;
          mom_s += dt * 0.5 * (c.b * c.b - c.a * c.a);
          smin = std::min(smin, c.a), smax = std::max(smax, c.b);
          for (double t : {p.ta, p.tb})  // the chord's exact reach on the piece boundaries
            {
              const auto iv = end_interval(p, c, t);
              if (iv.second > iv.first) smin = std::min(smin, iv.first), smax = std::max(smax, iv.second);
            }
        }
      if (len > 0)
        {
          area += len * dt;
          mom_t += len * dt * tm;
          tmin = std::min(tmin, p.ta);
          tmax = std::max(tmax, p.tb);
        }
    }

  res.area = area;
  res.closed = !leaked;
  if (leaked)
    res.error = "region not closed within the window: it reaches the window border, possibly "
                "through a gap narrower than the pixel (missing wall or closure segment? "
                "contact gap -> CanalSectionOptions::seal_gap)";
  if (area > 0)
    {
      res.centroid = {mom_s / area, mom_t / area};
      res.width = smax - smin;
      res.depth = tmax - tmin;
    }
  if (si >= 0) res.outline = trace_outline(L, imin, imax, jmin, jmax);
  return res;
}

CanalSection canal_section(const std::vector<Triangle3> &triangles, const SectionPlane &plane,
                           const Point2 &seed, const std::vector<Segment2> &closures,
                           const CanalSectionOptions &options)
{
  std::vector<Segment2> walls = slice_triangles(triangles, plane);
  walls.insert(walls.end(), closures.begin(), closures.end());
  return canal_section(walls, seed, options);
}

}  // namespace spine::geometry
