// Two-pass penalty contact at face quadrature points (see surface_contact.h).
#include <spine/solver/input_specs.h>
#include <spine/solver/surface_contact.h>

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    /// Contact pressure and its derivative for an effective penetration h (mm): eps h, or
    /// with smoothing delta > 0 a C1 law, eps h^2 / (2 delta) below delta and eps (h - delta/2)
    /// above, so the slope rises from 0 to eps instead of jumping at first touch.
    struct PenaltyLaw
    {
      double pressure, slope;
    };

    PenaltyLaw
    penalty_law(const double h, const double eps, const double delta)
    {
      if (h <= 0.)
        return {0., 0.};
      if (delta <= 0. || h >= delta)
        return {eps * (h - 0.5 * delta), eps};
      return {0.5 * eps * h * h / delta, eps * h / delta};
    }

    /// Closest point to @p p on triangle (a, b, c) (Ericson, Real-Time Collision Detection 5.1.5).
    Point<3>
    closest_on_triangle(const Point<3> &p, const Point<3> &a, const Point<3> &b, const Point<3> &c)
    {
      const Tensor<1, 3> ab = b - a, ac = c - a, ap = p - a;
      const double       d1 = ab * ap, d2 = ac * ap;
      if (d1 <= 0 && d2 <= 0)
        return a;
      const Tensor<1, 3> bp = p - b;
      const double       d3 = ab * bp, d4 = ac * bp;
      if (d3 >= 0 && d4 <= d3)
        return b;
      const double vc = d1 * d4 - d3 * d2;
      if (vc <= 0 && d1 >= 0 && d3 <= 0)
        return a + d1 / (d1 - d3) * ab;
      const Tensor<1, 3> cp = p - c;
      const double       d5 = ab * cp, d6 = ac * cp;
      if (d6 >= 0 && d5 <= d6)
        return c;
      const double vb = d5 * d2 - d1 * d6;
      if (vb <= 0 && d2 >= 0 && d6 <= 0)
        return a + d2 / (d2 - d6) * ac;
      const double va = d3 * d6 - d5 * d4;
      if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0)
        return b + (d4 - d3) / ((d4 - d3) + (d5 - d6)) * (c - b);
      const double denom = 1. / (va + vb + vc);
      return a + ab * (vb * denom) + ac * (vc * denom);
    }

    /// A node of a boundary face: reference position and its x, y, z DoFs.
    struct FaceNode
    {
      Point<3>                               x;
      std::array<types::global_dof_index, 3> dofs;
    };

    /// The displacement nodes of face @p f of @p cell: its three vertices and, for P2, the
    /// midpoints of its edges 01, 12, 20. Found through the cell's own vertex numbering and unit
    /// support points (face-level DoF access is not reliable on distributed simplex meshes);
    /// the mapping is affine, so a midside node sits at its edge's midpoint.
    template <typename Cell>
    std::vector<FaceNode>
    face_nodes(const Cell &cell, const unsigned int f, const std::vector<types::global_dof_index> &cell_dofs)
    {
      const auto &                fe   = cell->get_fe();
      const auto &                unit = fe.get_unit_support_points();
      std::array<unsigned int, 3> cv{};
      for (unsigned int v = 0; v < 3; ++v)
        {
          const Point<3> x = cell->face(f)->vertex(v);
          cv[v]            = numbers::invalid_unsigned_int;
          for (const auto c : cell->vertex_indices())
            if (cell->vertex(c).distance(x) < 1e-12 * (1. + x.norm()))
              cv[v] = c;
          Assert(cv[v] != numbers::invalid_unsigned_int, ExcInternalError());
        }
      std::vector<FaceNode> nodes;
      for (unsigned int v = 0; v < 3; ++v)
        nodes.push_back({cell->vertex(cv[v]),
                         {{cell->vertex_dof_index(cv[v], 0), cell->vertex_dof_index(cv[v], 1),
                           cell->vertex_dof_index(cv[v], 2)}}});
      if (fe.degree == 1)
        return nodes;
      const auto reference = [&](const unsigned int c) { return cell->reference_cell().template vertex<3>(c); };
      for (unsigned int v = 0; v < 3; ++v)
        {
          const unsigned int w   = (v + 1) % 3;
          const Point<3>     mid = 0.5 * (reference(cv[v]) + reference(cv[w]));
          FaceNode           node{0.5 * (cell->vertex(cv[v]) + cell->vertex(cv[w])), {}};
          unsigned int       found = 0;
          for (unsigned int i = 0; i < fe.n_dofs_per_cell(); ++i)
            if ((unit[i] - mid).norm() < 1e-12)
              {
                node.dofs[fe.system_to_component_index(i).first] = cell_dofs[i];
                ++found;
              }
          Assert(found == 3, ExcInternalError());
          nodes.push_back(node);
        }
      return nodes;
    }

    /// The flat triangles that stand for a face with the given nodes: the face itself (P1) or
    /// its four sub-triangles through the edge midpoints (P2), so that a quadratic master face
    /// is followed to within a quarter of its sag and its midside nodes feel the slave.
    const std::vector<std::array<unsigned int, 3>> &
    facets_of(const std::size_t n_nodes)
    {
      static const std::vector<std::array<unsigned int, 3>> linear{{{0, 1, 2}}};
      static const std::vector<std::array<unsigned int, 3>> quadratic{{{0, 3, 5}}, {{3, 1, 4}}, {{5, 4, 2}}, {{3, 4, 5}}};
      return n_nodes == 3 ? linear : quadratic;
    }

    /// Barycentric coordinates of @p p (in the plane of the triangle a, b, c).
    std::array<double, 3>
    barycentric(const Point<3> &p, const Point<3> &a, const Point<3> &b, const Point<3> &c)
    {
      const Tensor<1, 3> v0 = b - a, v1 = c - a, v2 = p - a;
      const double       d00 = v0 * v0, d01 = v0 * v1, d11 = v1 * v1, d20 = v2 * v0, d21 = v2 * v1;
      const double       denom = d00 * d11 - d01 * d01;
      const double       beta = (d11 * d20 - d01 * d21) / denom, gamma = (d00 * d21 - d01 * d20) / denom;
      return {{1. - beta - gamma, beta, gamma}};
    }
  } // namespace

  SurfaceContact::SurfaceContact(std::vector<ContactPair> pairs,
                                 const double             penalty,
                                 const double             search_distance,
                                 const double             coupling_margin,
                                 const double             rim_fade,
                                 const bool               smoothed_normals,
                                 const unsigned int       max_augmentations,
                                 const double             augmentation_tolerance,
                                 const double             penalty_smoothing)
    : contact_pairs(std::move(pairs))
    , penalty(penalty)
    , search(search_distance)
    , margin(coupling_margin)
    , fade(rim_fade)
    , smoothing(penalty_smoothing)
    , smooth_normals(smoothed_normals)
    , max_augmentations(max_augmentations)
    , augmentation_tolerance(augmentation_tolerance)
  {
    if (!(penalty > 0.))
      throw InputError("contact penalty " + std::to_string(penalty) + " N/mm³ is not allowed (must be > 0)");
    if (!(search_distance > 0.))
      throw InputError("contact search distance must be > 0 mm");
    if (!(coupling_margin >= 0.))
      throw InputError("contact coupling margin must be >= 0 mm");
    if (!(rim_fade > 0.))
      throw InputError("contact rim fade must be > 0 mm");
    if (!(penalty_smoothing >= 0.))
      throw InputError("contact penalty smoothing " + std::to_string(penalty_smoothing) +
                       " mm is not allowed (must be >= 0)");
  }

  IndexSet
  SurfaceContact::setup(const DoFHandler<3> &dofs, const Mapping<3> &map, MPI_Comm comm)
  {
    dof_handler  = &dofs;
    mapping      = &map;
    communicator = comm;
    last.assign(contact_pairs.size(), PairResult());
    multiplier.clear();
    accepted_multiplier.clear();
    last_pressure.clear();
    augmentations_this_step = 0;
    // Every surface of every pair must exist somewhere. A pair spans ranks when no rank
    // owns all of its faces.
    pair_spans.assign(contact_pairs.size(), false);
    for (unsigned int p = 0; p < contact_pairs.size(); ++p)
      {
        const auto & pair = contact_pairs[p];
        unsigned int n_pair_faces = 0;
        for (const auto id : {pair.surface_a, pair.surface_b})
        {
          unsigned int n_faces = 0;
          for (const auto &cell : dofs.active_cell_iterators())
            if (cell->is_locally_owned())
              for (const auto f : cell->face_indices())
                if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == id)
                  ++n_faces;
          if (Utilities::MPI::sum(n_faces, comm) == 0)
            throw InputError("contact " + pair.name + ": no boundary face has id " + std::to_string(id) +
                             "; the contact surface is missing from the mesh");
          n_pair_faces += n_faces;
        }
        pair_spans[p] = Utilities::MPI::max(n_pair_faces, comm) < Utilities::MPI::sum(n_pair_faces, comm);
      }

    // Every rank may read every DoF of the contact surfaces (the masters are gathered).
    std::vector<types::global_dof_index> surface_dofs;
    for (const auto &pair : contact_pairs)
      for (const auto id : {pair.surface_a, pair.surface_b})
        for (const auto &t : gather_surface(nullptr, id))
          surface_dofs.insert(surface_dofs.end(), t.dofs.begin(), t.dofs.end());
    std::sort(surface_dofs.begin(), surface_dofs.end());
    surface_dofs.erase(std::unique(surface_dofs.begin(), surface_dofs.end()), surface_dofs.end());
    IndexSet needed(dofs.n_dofs());
    needed.add_indices(surface_dofs.begin(), surface_dofs.end());
    allowed = couplings_near_contact(nullptr, margin);
    needed.compress();
    return needed;
  }

  void
  SurfaceContact::add_couplings(DynamicSparsityPattern &pattern) const
  {
    // The tangent has slave rows only (two-half-pass: the other pass gives the master side
    // its own rows), and only for the DoFs supported on a slave face (assemble() writes no
    // others; zero entries are not written). So the couplings are those rows x the master
    // nodes near contact (and the masters' diagonals): no dense master-master block,
    // which tripled the cost of every Krylov iteration on the P2 study.
    const auto &                         fe = dof_handler->get_fe();
    std::vector<types::global_dof_index> cell_dofs(fe.n_dofs_per_cell());
    for (const auto &cell : dof_handler->active_cell_iterators())
      if (cell->is_locally_owned())
        for (unsigned int p = 0; p < allowed.size(); ++p)
          for (unsigned int pass = 0; pass < 2; ++pass)
            {
              const auto it = allowed[p][pass].find(cell->active_cell_index());
              if (it == allowed[p][pass].end())
                continue;
              const auto slave = pass == 0 ? contact_pairs[p].surface_a : contact_pairs[p].surface_b;
              cell->get_dof_indices(cell_dofs);
              for (const auto f : cell->face_indices())
                if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == slave)
                  for (unsigned int i = 0; i < cell_dofs.size(); ++i)
                    if (fe.has_support_on_face(i, f))
                      for (const auto j : it->second)
                        pattern.add(cell_dofs[i], j);
              // A constrained master DoF in the local system gets a diagonal entry written
              // here, also when its row is another rank's.
              for (const auto j : it->second)
                pattern.add(j, j);
            }
  }

  bool
  SurfaceContact::update_couplings(const TrilinosWrappers::MPI::Vector &current)
  {
    // Hysteresis: rebuild once a point comes within half the margin without its couplings,
    // and then give every point within the whole margin its couplings, so that the next
    // rebuild is some load steps away.
    const auto close   = couplings_near_contact(&current, 0.5 * margin);
    bool       missing = false;
    for (unsigned int p = 0; p < allowed.size() && !missing; ++p)
      for (unsigned int pass = 0; pass < 2 && !missing; ++pass)
        for (const auto &[cell, dofs] : close[p][pass])
          {
            const auto have = allowed[p][pass].find(cell);
            if (have == allowed[p][pass].end() ||
                !std::includes(have->second.begin(), have->second.end(), dofs.begin(), dofs.end()))
              {
                missing = true;
                break;
              }
          }
    if (Utilities::MPI::max(missing ? 1 : 0, communicator) == 0)
      return false;
    const auto wider = couplings_near_contact(&current, margin);
    for (unsigned int p = 0; p < allowed.size(); ++p)
      for (unsigned int pass = 0; pass < 2; ++pass)
        for (const auto &[cell, dofs] : wider[p][pass])
          allowed[p][pass][cell].insert(dofs.begin(), dofs.end());
    return true;
  }

  std::size_t
  SurfaceContact::n_couplings() const
  {
    std::size_t n = 0;
    for (const auto &pair : allowed)
      for (const auto &pass : pair)
        for (const auto &[cell, dofs] : pass)
          n += dofs.size();
    return n;
  }

  SurfaceContact::Closest
  SurfaceContact::closest_triangle(const Point<3> &x, const std::vector<Triangle> &triangles)
  {
    Closest best;
    best.distance = std::numeric_limits<double>::max();
    for (const auto &candidate : triangles)
      {
        // Cheap rejection: the triangle's bounding box is farther than the best.
        double box_distance2 = 0.;
        for (unsigned int d = 0; d < 3; ++d)
          {
            const double out = std::max({candidate.lo[d] - x[d], x[d] - candidate.hi[d], 0.});
            box_distance2 += out * out;
          }
        if (box_distance2 >= best.distance * best.distance)
          continue;
        const Point<3> y = closest_on_triangle(x, candidate.x[0], candidate.x[1], candidate.x[2]);
        const double   d = x.distance(y);
        if (d < best.distance)
          best = {&candidate, y, d};
      }
    return best;
  }

  Tensor<1, 3>
  SurfaceContact::normal_at(const Triangle &t, const Point<3> &c)
  {
    const auto   N = barycentric(c, t.x[0], t.x[1], t.x[2]);
    Tensor<1, 3> n;
    for (unsigned int k = 0; k < 3; ++k)
      n += N[k] * t.node_normal[k];
    return n / n.norm();
  }

  SurfaceContact::CouplingSets
  SurfaceContact::couplings_near_contact(const TrilinosWrappers::MPI::Vector *current, const double reach) const
  {
    const auto &                fe = dof_handler->get_fe();
    const QGaussSimplex<2>      quadrature(fe.degree + 1);
    FEFaceValues<3>             face_values(*mapping, fe, quadrature, update_values | update_quadrature_points);
    std::vector<Vector<double>> u_values(quadrature.size(), Vector<double>(3));
    CouplingSets                sets(contact_pairs.size());
    for (unsigned int p = 0; p < contact_pairs.size(); ++p)
      for (unsigned int pass = 0; pass < 2; ++pass)
        {
          const auto slave     = pass == 0 ? contact_pairs[p].surface_a : contact_pairs[p].surface_b;
          const auto triangles = gather_surface(current, pass == 0 ? contact_pairs[p].surface_b : contact_pairs[p].surface_a);
          for (const auto &cell : dof_handler->active_cell_iterators())
            if (cell->is_locally_owned())
              for (const auto f : cell->face_indices())
                if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == slave)
                  {
                    face_values.reinit(cell, f);
                    if (current != nullptr)
                      face_values.get_function_values(*current, u_values);
                    for (unsigned int q = 0; q < quadrature.size(); ++q)
                      {
                        Point<3> x = face_values.quadrature_point(q);
                        for (unsigned int d = 0; d < 3; ++d)
                          x[d] += u_values[q][d];
                        const Closest near = closest_triangle(x, triangles);
                        if (near.triangle == nullptr || !(near.distance < search))
                          continue;
                        const double gap   = (x - near.point) * normal_at(*near.triangle, near.point);
                        const auto   known = multiplier.find(PointKey{{p, pass, cell->active_cell_index(), f, q}});
                        if ((known == multiplier.end() ? 0. : known->second) / penalty - gap <= -reach)
                          continue;
                        // Any triangle within the distance + margin may be the closest one once
                        // the point has moved by about the margin.
                        auto &set = sets[p][pass][cell->active_cell_index()];
                        for (const auto &t : triangles)
                          if (x.distance(closest_on_triangle(x, t.x[0], t.x[1], t.x[2])) <= near.distance + reach)
                            set.insert(t.dofs.begin(), t.dofs.end());
                      }
                  }
        }
    return sets;
  }

  std::vector<SurfaceContact::Triangle>
  SurfaceContact::gather_surface(const TrilinosWrappers::MPI::Vector *current, const types::boundary_id id) const
  {
    std::vector<double> local; // per triangle: 9 coordinates, 3 normal components, 9 DoFs
    std::vector<types::global_dof_index> cell_dofs(dof_handler->get_fe().n_dofs_per_cell());
    for (const auto &cell : dof_handler->active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == id)
            {
              cell->get_dof_indices(cell_dofs);
              auto nodes = face_nodes(cell, f, cell_dofs);
              if (current != nullptr)
                for (auto &node : nodes)
                  for (unsigned int d = 0; d < 3; ++d)
                    node.x[d] += (*current)[node.dofs[d]];
              Point<3> centre;
              for (const auto cv : cell->vertex_indices())
                {
                  Point<3> y = cell->vertex(cv);
                  if (current != nullptr)
                    for (unsigned int d = 0; d < 3; ++d)
                      y[d] += (*current)[cell->vertex_dof_index(cv, d)];
                  centre += y / 4.;
                }
              // Outward: away from the cell's centre (the face's own vertex order is not).
              Tensor<1, 3> outward = cross_product_3d(nodes[1].x - nodes[0].x, nodes[2].x - nodes[0].x);
              if (outward * (nodes[0].x - centre) < 0.)
                outward *= -1.;
              for (const auto &facet : facets_of(nodes.size()))
                {
                  Tensor<1, 3> normal =
                    cross_product_3d(nodes[facet[1]].x - nodes[facet[0]].x, nodes[facet[2]].x - nodes[facet[0]].x);
                  normal /= normal.norm();
                  if (normal * outward < 0.)
                    normal *= -1.;
                  for (const auto k : facet)
                    for (unsigned int d = 0; d < 3; ++d)
                      local.push_back(nodes[k].x[d]);
                  for (unsigned int d = 0; d < 3; ++d)
                    local.push_back(normal[d]);
                  for (const auto k : facet)
                    for (unsigned int d = 0; d < 3; ++d)
                      local.push_back(static_cast<double>(nodes[k].dofs[d]));
                }
            }
    std::vector<Triangle> all;
    for (const auto &chunk : Utilities::MPI::all_gather(communicator, local))
      for (std::size_t k = 0; k + 21 <= chunk.size(); k += 21)
        {
          Triangle t;
          for (unsigned int v = 0; v < 3; ++v)
            for (unsigned int d = 0; d < 3; ++d)
              t.x[v][d] = chunk[k + 3 * v + d];
          for (unsigned int d = 0; d < 3; ++d)
            t.normal[d] = chunk[k + 9 + d];
          for (unsigned int i = 0; i < 9; ++i)
            t.dofs[i] = static_cast<types::global_dof_index>(chunk[k + 12 + i]);
          for (unsigned int d = 0; d < 3; ++d)
            {
              t.lo[d] = std::min({t.x[0][d], t.x[1][d], t.x[2][d]});
              t.hi[d] = std::max({t.x[0][d], t.x[1][d], t.x[2][d]});
            }
          all.push_back(t);
        }
    // Node normals: the area-weighted mean of the normals of the triangles around each node
    // (nodes are keyed by their x DoF). Interpolated over a triangle they give a normal that is
    // continuous across its edges, so a point sliding from one facet to the next is not pushed
    // in a new direction at once.
    std::map<types::global_dof_index, Tensor<1, 3>> node_normal;
    for (const auto &t : all)
      {
        const double area = 0.5 * cross_product_3d(t.x[1] - t.x[0], t.x[2] - t.x[0]).norm();
        for (unsigned int v = 0; v < 3; ++v)
          node_normal[t.dofs[3 * v]] += area * t.normal;
      }
    for (auto &t : all)
      for (unsigned int v = 0; v < 3; ++v)
        {
          const Tensor<1, 3> &n = node_normal[t.dofs[3 * v]];
          t.node_normal[v]      = smooth_normals && n.norm() > 0. ? n / n.norm() : t.normal;
        }
    return all;
  }

  void
  SurfaceContact::assemble(const TrilinosWrappers::MPI::Vector &current, const bool with_matrix, const Sink &sink)
  {
    const auto &           fe = dof_handler->get_fe();
    const QGaussSimplex<2> quadrature(fe.degree + 1);
    FEFaceValues<3>        face_values(*mapping, fe, quadrature,
                                update_values | update_JxW_values | update_quadrature_points);
    const unsigned int     n_dofs = fe.n_dofs_per_cell();
    // One local system per slave cell: its own DoFs, then the master node DoFs its
    // quadrature points touch (each entry reaches the global matrix once per cell).
    const unsigned int max_local = n_dofs + 9 * quadrature.size() * GeometryInfo<3>::faces_per_cell;
    std::vector<types::global_dof_index> cell_dofs(n_dofs), indices;
    std::vector<Vector<double>>          u_values(quadrature.size(), Vector<double>(3));
    dealii::Vector<double>               v(max_local), force(max_local);
    FullMatrix<double>                   tangent(max_local, max_local);
    std::vector<unsigned int>            position(9);

    last_pressure.clear();
    for (unsigned int p = 0; p < contact_pairs.size(); ++p)
      {
        const auto &pair = contact_pairs[p];
        PairResult  result;
        double      force_sum = 0.;
        for (unsigned int pass = 0; pass < 2; ++pass)
          {
            const auto slave     = pass == 0 ? pair.surface_a : pair.surface_b;
            const auto triangles = gather_surface(&current, pass == 0 ? pair.surface_b : pair.surface_a);
            double     pass_force = 0.;
            for (const auto &cell : dof_handler->active_cell_iterators())
              {
                if (!cell->is_locally_owned())
                  continue;
                bool has_slave_face = false;
                for (const auto f : cell->face_indices())
                  has_slave_face = has_slave_face || (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == slave);
                if (!has_slave_face)
                  continue;
                const auto couplings = allowed[p][pass].find(cell->active_cell_index());
                bool       touched   = false;
                cell->get_dof_indices(cell_dofs);
                indices = cell_dofs;
                force   = 0.;
                if (with_matrix)
                  tangent = 0.;
                for (const auto f : cell->face_indices())
                  {
                    if (!cell->face(f)->at_boundary() || cell->face(f)->boundary_id() != slave)
                      continue;
                    face_values.reinit(cell, f);
                    face_values.get_function_values(current, u_values);
                    // Peak pressure as the largest face mean (force / face area): point values
                    // of a penalty pressure oscillate between quadrature points of faceted,
                    // non-matching surfaces; the face mean converges with the mesh.
                    double face_force = 0., face_area = 0.;
                    for (unsigned int q = 0; q < quadrature.size(); ++q)
                      face_area += face_values.JxW(q);
                    for (unsigned int q = 0; q < quadrature.size(); ++q)
                      {
                        Point<3> x = face_values.quadrature_point(q);
                        for (unsigned int d = 0; d < 3; ++d)
                          x[d] += u_values[q][d];
                        // Nearest master triangle; penetration g < 0 along its normal, the
                        // normal at the closest point interpolated from the node normals (or the
                        // facet's own without smoothing).
                        const Closest near = closest_triangle(x, triangles);
                        if (near.triangle == nullptr)
                          continue;
                        const Triangle *   t    = near.triangle;
                        const Point<3> &   c    = near.point;
                        const double       best = near.distance;
                        const auto         N    = barycentric(c, t->x[0], t->x[1], t->x[2]);
                        const Tensor<1, 3> n    = normal_at(*t, c);
                        const double gap = (x - c) * n;
                        // Penalty pressure on top of the point's multiplier (0 without
                        // augmentation); a point with a multiplier is held even slightly apart.
                        const PointKey key{{p, pass, cell->active_cell_index(), f, q}};
                        const auto     known    = multiplier.find(key); // empty without augmentation
                        // Effective penetration: lambda / eps - g.
                        const auto [pressure, slope] =
                          penalty_law((known == multiplier.end() ? 0. : known->second) / penalty - gap, penalty, smoothing);
                        if (!(best < search) || pressure <= 0.)
                          continue;
                        // Full pressure when (nearly) straight below the master facet (the
                        // tangential offset within 0.142 |g|, i.e. best <= 1.01 |g|, allows for
                        // faceting); beyond the rim it fades out over `fade` of further offset.
                        // Measured with the facet's own normal: the smoothed one leans at curved
                        // rims. The weight scales the area; its derivative is left out of the tangent.
                        const double facet_gap = (x - c) * t->normal;
                        const double offset    = std::sqrt(std::max(best * best - facet_gap * facet_gap, 0.));
                        const double weight    = std::clamp(1. - (offset + 0.142 * facet_gap) / fade, 0., 1.);
                        if (weight == 0.)
                          continue;
                        const double JxW = weight * face_values.JxW(q);
                        if (max_augmentations > 0) // the next multipliers, only when used
                          last_pressure[key] = pressure;
                        result.area += JxW;
                        result.samples.push_back({x, pressure, JxW});
                        face_force += pressure * JxW;
                        pass_force += pressure * JxW;

                        // g = (x_s - sum_k N_k x_k) . n, dg/du = v (n and N_k held fixed). The
                        // slave gets the internal force eps g dg/du_s; its tangent row couples to
                        // the master vertices too (not symmetric; no master rows: two-half-pass).
                        // Master couplings only where the sparsity pattern has them.
                        bool coupled = couplings != allowed[p][pass].end();
                        for (const auto dof : t->dofs)
                          coupled = coupled && couplings->second.count(dof) > 0;
                        // Master DoFs enter the local system only when coupled: an uncoupled
                        // master DoF owned by another rank may have no row here (not even the
                        // diagonal a constraint would write), and its entries would be zero.
                        if (coupled)
                          for (unsigned int i = 0; i < 9; ++i)
                            {
                              const auto it = std::find(indices.begin() + n_dofs, indices.end(), t->dofs[i]);
                              position[i]   = it - indices.begin();
                              if (it == indices.end())
                                indices.push_back(t->dofs[i]);
                            }
                        const unsigned int m = indices.size();
                        v                    = 0.;
                        // Only the face's own DoFs: the others' shape functions vanish on it up to
                        // round-off, and their rows are not in the sparsity pattern (add_couplings).
                        for (unsigned int i = 0; i < n_dofs; ++i)
                          v(i) = fe.has_support_on_face(i, f) ?
                                   n[fe.system_to_component_index(i).first] * face_values.shape_value(i, q) :
                                   0.;
                        if (coupled)
                          for (unsigned int k = 0; k < 3; ++k)
                            for (unsigned int d = 0; d < 3; ++d)
                              v(position[3 * k + d]) = -N[k] * n[d];
                        for (unsigned int i = 0; i < n_dofs; ++i)
                          force(i) -= pressure * v(i) * JxW;
                        if (with_matrix)
                          for (unsigned int i = 0; i < n_dofs; ++i)
                            for (unsigned int j = 0; j < (coupled ? m : n_dofs); ++j)
                              tangent(i, j) += slope * v(i) * v(j) * JxW;
                        touched = true;
                      }
                    result.peak_pressure = std::max(result.peak_pressure, face_force / face_area);
                  }
                if (touched)
                  {
                    const unsigned int     m = indices.size();
                    dealii::Vector<double> f(m);
                    FullMatrix<double>     k(with_matrix ? m : 0, with_matrix ? m : 0);
                    for (unsigned int i = 0; i < m; ++i)
                      f(i) = force(i);
                    if (with_matrix)
                      k.fill(tangent, 0, 0, 0, 0);
                    sink(indices, f, with_matrix ? &k : nullptr);
                  }
              }
            force_sum += Utilities::MPI::sum(pass_force, communicator);
          }
        result.force         = force_sum / 2.;
        result.area          = Utilities::MPI::sum(result.area, communicator) / 2.;
        result.peak_pressure = Utilities::MPI::max(result.peak_pressure, communicator);
        last[p]              = result;
      }
  }

  bool
  SurfaceContact::augment()
  {
    if (max_augmentations == 0)
      return true;
    // How far the pressures of the converged state are from the multipliers it was solved
    // with (points that left contact count with their whole multiplier).
    double change = 0., size = 0.;
    for (const auto &[key, pressure] : last_pressure)
      {
        const auto   known = multiplier.find(key);
        const double old   = known == multiplier.end() ? 0. : known->second;
        change += (pressure - old) * (pressure - old);
        size += pressure * pressure;
      }
    for (const auto &[key, old] : multiplier)
      if (last_pressure.count(key) == 0)
        change += old * old;
    change = Utilities::MPI::sum(change, communicator);
    size   = Utilities::MPI::sum(size, communicator);
    if (change <= augmentation_tolerance * augmentation_tolerance * size ||
        augmentations_this_step >= max_augmentations)
      return true;
    multiplier = last_pressure;
    ++augmentations_this_step;
    return false;
  }

  void
  SurfaceContact::finish_step(const bool accepted)
  {
    if (accepted)
      accepted_multiplier = multiplier;
    else
      multiplier = accepted_multiplier;
    augmentations_this_step = 0;
  }

  void
  SurfaceContact::add_statistics(StatisticsTable &table) const
  {
    for (unsigned int p = 0; p < contact_pairs.size(); ++p)
      {
        table.add_value("contact_" + contact_pairs[p].name + "_F", last[p].force, "N");
        table.add_value("contact_" + contact_pairs[p].name + "_area", last[p].area, "mm^2");
        table.add_value("contact_" + contact_pairs[p].name + "_pmax", last[p].peak_pressure, "MPa");
      }
  }
} // namespace spine::solver
