// Cross-sectional area of the spinal canal in a plane, computed from the boundary
// triangles of a (reference or deformed) finite-element mesh.
//
// Pure C++17, no deal.II / gmsh: shared by the mesher (checks on the reference
// geometry) and the solver (canal area of the deformed configuration).
//
// Method (see canal_section.cc for details)
//   1. slice_triangles(): intersect the boundary triangles with the plane -> 2-D wall
//      segments. Vertices exactly on the plane are treated as lying infinitesimally
//      above it (simulation of simplicity), so a closed surface always gives a closed
//      chain of segments without duplicated or missing pieces; coplanar triangles give
//      nothing (their edges are produced by the neighbouring, non-coplanar triangles).
//   2. canal_section(): the walls block the links of a square lattice of sample points
//      around the seed (a link is blocked if any wall touches it, tested against the
//      exact segments, so there are no diagonal leaks and no leak through a wall however
//      thin); a 4-connected flood fill over unblocked links finds samples that are
//      provably in the seed's region.
//   3. Exact area: the t axis is cut at every lattice row and every wall end point into
//      pieces; on each piece the free intervals ("chords") of the lines t = const between
//      consecutive wall crossings are bounded by the same two walls, so their length is
//      linear in t (unless walls cross inside the piece) and the midpoint rule is exact.
//      The seed's chord and the chords holding a filled sample start a flood over chords
//      of adjacent pieces that overlap on the shared boundary line (minus horizontal
//      walls on it): this is the exact face of the segment arrangement containing the
//      seed, also through features thinner than a pixel (the lattice only speeds this
//      up, makes it independent of floating-point corner cases, and gives the outline). Area, centroid and extents are sums over its chords: exact
//      up to rounding for polygonal walls (~1e-15 relative in the tests); a wall-wall
//      crossing inside a piece costs O(pixel^2 x slope) there.
//
// Semantics: walls that touch or cross always seal, any positive gap is open (a leak to
// the window border through a gap far thinner than the pixel is still reported as
// !closed). For a contact tolerance set CanalSectionOptions::seal_gap: walls closer
// than seal_gap are joined by a bridge wall between their closest points.
// Walls may cross each other (interpenetrating bodies, closure lines through bone): a
// chord is only followed to a piece boundary over the part no other wall of the piece
// has crossed into (that part provably stays connected), so crossings never leak.
// The outline comes from the lattice (resolution = pixel).
#pragma once

#include <array>
#include <string>
#include <vector>

namespace spine::geometry
{
using Point3 = std::array<double, 3>;
using Point2 = std::array<double, 2>;
using Triangle3 = std::array<Point3, 3>;

/// Section plane. e1, e2 must be orthonormal (see make_section_plane()); in-plane
/// coordinates of a point p are (s,t) = ((p-origin)·e1, (p-origin)·e2). The plane
/// normal is e1 × e2.
struct SectionPlane
{
  Point3 origin{0, 0, 0};
  Point3 e1{1, 0, 0};
  Point3 e2{0, 1, 0};
};

/// Build an orthonormal plane: e1 = normalised e1_hint, e2 = e2_hint made orthogonal
/// to e1 (Gram-Schmidt) and normalised. Throws std::invalid_argument if the hints are
/// (nearly) parallel or zero.
SectionPlane make_section_plane(const Point3 &origin, const Point3 &e1_hint,
                                const Point3 &e2_hint);

Point2 to_2d(const SectionPlane &plane, const Point3 &p);
Point3 to_3d(const SectionPlane &plane, const Point2 &st);

struct Segment2
{
  Point2 a, b;
};

/// Intersection of triangles with the plane, in plane coordinates. One segment per
/// triangle that straddles the plane; a vertex with signed distance exactly 0 counts
/// as "above" (so every shared edge produces bit-identical end points in both
/// neighbouring triangles, and a closed surface gives closed chains). Zero-length
/// segments are dropped. Triangle orientation is irrelevant.
std::vector<Segment2> slice_triangles(const std::vector<Triangle3> &triangles,
                                      const SectionPlane &plane);

struct CanalSectionOptions
{
  double pixel_size = 0.02;  ///< mm, lattice spacing (outline resolution, speed; not accuracy)
  double half_extent = 40;   ///< mm, half side of the square window centred on the seed
  /// mm. Contact tolerance: walls closer than seal_gap (not touching) are joined by a
  /// bridge wall between their closest points, e.g. a buckled ligamentum flavum lying
  /// on the dura/bone with a small contact gap splits the canal. The default only
  /// seals rounding-level seams (duplicated interface nodes, separately computed
  /// deformed coordinates); 0: only touching or crossing walls seal.
  double seal_gap = 1e-6;
};

struct CanalSection
{
  double area = 0;      ///< mm², area of the seed's region (meaningless if !closed)
  bool closed = false;  ///< false if the region reaches the window border / is unbounded, or the seed is on a wall
  std::string error;    ///< empty if closed, otherwise why not
  /// Boundary of the lattice-filled part of the region (marching squares through the
  /// exact wall crossings of the lattice links), as closed polylines in plane
  /// coordinates with front() == back(). Outer boundaries are counter-clockwise (region
  /// on the left), holes (e.g. another body inside the canal) clockwise, so the sum of
  /// their shoelace areas approximates `area` (to O(pixel) x perimeter; parts reached
  /// only through sub-pixel gaps are missing). For display and checks, not for metrics.
  std::vector<std::vector<Point2>> outline;
  Point2 centroid{0, 0};  ///< area centroid, plane coordinates
  double width = 0;       ///< extent of the region along e1 (s), mm (exact for polygonal walls)
  double depth = 0;       ///< extent of the region along e2 (t), mm (exact for polygonal walls)
};

/// Area of the region of the plane that contains `seed` and is bounded by `walls`.
/// The seed should not lie on a wall (closed = false then).
/// Cost: O(window samples) memory (16 MB for the defaults), time ~ region samples +
/// (window side + wall length) / pixel: ~15-60 ms for 50-80k triangles; a leaking
/// region floods the whole window (~0.4 s, still bounded).
/// Throws std::invalid_argument on non-positive options or a window of more than
/// 1e8 samples.
CanalSection canal_section(const std::vector<Segment2> &walls, const Point2 &seed,
                           const CanalSectionOptions &options = {});

/// Convenience: slice the triangles, add the closure segments (plane coordinates;
/// e.g. lines through the medial borders of the superior articular processes that
/// close the lateral recesses/foramina) and compute the section.
CanalSection canal_section(const std::vector<Triangle3> &triangles,
                           const SectionPlane &plane, const Point2 &seed,
                           const std::vector<Segment2> &closures,
                           const CanalSectionOptions &options = {});

/// Signed shoelace area of a polyline (closed implicitly; a repeated last point is fine).
double polygon_area(const std::vector<Point2> &polygon);

}  // namespace spine::geometry
