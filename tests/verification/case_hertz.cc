// Hertz contact of an elastic sphere pressed on an elastic block (quarter model, symmetry
// planes x = 0 and y = 0): contact radius and peak pressure against the closed form
//   a = (3 F R / (4 E*))^(1/3),  p0 = 3 F / (2 pi a^2),  1/E* = 2 (1 - nu^2) / E,
// evaluated with the force F the model transmits (so the bulk compliance of the finite
// bodies, which Hertz's half-spaces do not have, does not enter the comparison).
// The model's radius and peak come from the whole pressure profile: Hertz's
// p(r) = p0 sqrt(1 - r^2/a^2) makes p^2 linear in r^2, fitted (area-weighted least squares)
// over the contact points. Single extremes (largest face mean, outermost active point) sit
// at the rim or on one faceted face and converge slowly; the profile fit uses every point.
// The mesh comes from Gmsh (OpenCASCADE), graded towards the contact point.
#include "common.h"

#include <spine/solver/surface_contact.h>

#include <deal.II/base/mpi.h>

#include <gmsh.h>

#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <unistd.h>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    constexpr double R = 10., block = 10.;  // sphere radius, block edge (quarter), mm
    // Boundary ids of the Gmsh mesh.
    enum : types::boundary_id
    {
      block_base = 1,
      block_top  = 2,
      sphere_surface = 3,
      sphere_cut     = 4,
      symmetry_x     = 5,
      symmetry_y     = 6
    };

    /// Quarter block [0,10]^2 x [-10,0] (material 1) and the lower quarter of a sphere of
    /// radius R touching it at the origin (material 2), cut flat at its equator z = R.
    /// Element size @p h within @p r_fine of the contact point, growing to 2 mm.
    void
    sphere_on_block(Triangulation<3> &tria, const double h, const double r_fine)
    {
      const std::string file = "/tmp/spine_hertz_" + std::to_string(::getpid()) + ".msh";
      gmsh::initialize();
      gmsh::option::setNumber("General.Terminal", std::getenv("SPINE_VERBOSE") ? 1 : 0);
      gmsh::model::add("hertz");
      namespace occ = gmsh::model::occ;
      const int box = occ::addBox(0, 0, -block, block, block, block);
      // The OCC sphere has poles on its z axis: turn them away from the contact point.
      const int ball = occ::addSphere(0, 0, R, R);
      occ::rotate({{3, ball}}, 0, 0, R, 1, 0, 0, M_PI / 2);
      const int quadrant = occ::addBox(0, 0, 0, R, R, R);
      std::vector<std::pair<int, int>> cap;
      std::vector<std::vector<std::pair<int, int>>> map;
      occ::intersect({{3, ball}}, {{3, quadrant}}, cap, map);
      occ::synchronize();

      std::map<int, std::vector<int>> surfaces;  // boundary id -> Gmsh surface tags
      for (const auto &[dim, tag] : std::vector<std::pair<int, int>>{{3, box}, cap.at(0)})
        {
          std::vector<std::pair<int, int>> faces;
          gmsh::model::getBoundary({{dim, tag}}, faces, false, false, false);
          for (const auto &f : faces)
            {
              double x0, y0, z0, x1, y1, z1;
              gmsh::model::getBoundingBox(2, f.second, x0, y0, z0, x1, y1, z1);
              const double eps = 1e-6;
              int id = 0;  // the block's free sides
              if (x1 < eps)
                id = symmetry_x;
              else if (y1 < eps)
                id = symmetry_y;
              else if (tag == box && z1 < -block + eps)
                id = block_base;
              else if (tag == box && z0 > -eps)
                id = block_top;
              else if (tag != box && z0 > R - eps)
                id = sphere_cut;
              else if (tag != box)
                id = sphere_surface;
              if (id != 0)
                surfaces[id].push_back(f.second);
            }
        }
      gmsh::model::addPhysicalGroup(3, {box}, 1);
      gmsh::model::addPhysicalGroup(3, {cap.at(0).second}, 2);
      for (const auto &[id, tags] : surfaces)
        gmsh::model::addPhysicalGroup(2, tags, id);

      // Size h up to r_fine from the contact point, then growing linearly to 2 mm.
      const int point = occ::addPoint(0, 0, 0);
      occ::synchronize();
      const int distance = gmsh::model::mesh::field::add("Distance");
      gmsh::model::mesh::field::setNumbers(distance, "PointsList", {static_cast<double>(point)});
      const int size = gmsh::model::mesh::field::add("Threshold");
      gmsh::model::mesh::field::setNumber(size, "InField", distance);
      gmsh::model::mesh::field::setNumber(size, "SizeMin", h);
      gmsh::model::mesh::field::setNumber(size, "SizeMax", 2.);
      gmsh::model::mesh::field::setNumber(size, "DistMin", r_fine);
      gmsh::model::mesh::field::setNumber(size, "DistMax", r_fine + (2. - h) / 0.3);
      gmsh::model::mesh::field::setAsBackgroundMesh(size);
      gmsh::option::setNumber("Mesh.MeshSizeFromPoints", 0);
      gmsh::option::setNumber("Mesh.MeshSizeFromCurvature", 0);
      gmsh::option::setNumber("Mesh.MeshSizeExtendFromBoundary", 0);
      gmsh::option::setNumber("Mesh.MshFileVersion", 2.2);
      gmsh::model::mesh::generate(3);
      gmsh::write(file);
      gmsh::finalize();
      read_gmsh(file, tria);
      std::remove(file.c_str());
    }

    Results
    hertz(MPI_Comm comm, Checker &check)
    {
      const double E = 100., nu = 0.3, push = 0.3, penalty = 2e4;
      const double E_star = E / (2. * (1. - nu * nu));

      ProblemSettings settings = quiet_settings("Direct");
      settings.fe_degree       = 1;
      // ~60k DoFs in 3D: MUMPS factorises far faster than KLU, and in parallel.
      settings.linear.direct_package = "Amesos_Mumps";
      const std::string law    = "linear elastic(E=" + std::to_string(E) + ", nu=" + std::to_string(nu) + ")";
      settings.materials[1]    = parse_material_spec(law);
      settings.materials[2]    = parse_material_spec(law);
      settings.boundary_conditions = parse_boundary_conditions(
        "1: fixed(z); 5: fixed(x); 6: fixed(y); 4: displacement(z=" + std::to_string(-push) + ")");
      settings.load_stepping.must_points  = {1.};
      settings.load_stepping.initial_step = 1.;
      settings.load_stepping.maximum_step = 1.;
      MechanicsProblem problem(comm, settings);
      auto contact = std::make_shared<SurfaceContact>(std::vector<ContactPair>{{"hertz", block_top, sphere_surface}}, penalty, 0.2, 0.3);
      problem.add_interaction(contact);
      problem.set_mesh(create_distributed_mesh(comm, [](Triangulation<3> &t) { sphere_on_block(t, 0.15, 2.2); }));
      const RunSummary summary = problem.run();
      check.is_true("run completed", summary.completed);

      const auto  &r     = contact->results()[0];
      const double force = 4. * r.force;  // whole sphere
      const double a_hertz  = std::cbrt(3. * force * R / (4. * E_star));
      const double p0_hertz = 3. * force / (2. * M_PI * a_hertz * a_hertz);
      // Weighted least squares of p^2 = c0 - c1 r^2 over every rank's contact points.
      double sums[5] = {0., 0., 0., 0., 0.}; // w, w r2, w r4, w p2, w r2 p2
      for (const auto &s : r.samples)
        {
          const double r2 = s.x[0] * s.x[0] + s.x[1] * s.x[1], p2 = s.pressure * s.pressure;
          const double terms[5] = {1., r2, r2 * r2, p2, r2 * p2};
          for (unsigned int k = 0; k < 5; ++k)
            sums[k] += s.weight * terms[k];
        }
      Utilities::MPI::sum(ArrayView<const double>(sums, 5), comm, ArrayView<double>(sums, 5));
      const double slope   = (sums[0] * sums[4] - sums[1] * sums[3]) / (sums[0] * sums[2] - sums[1] * sums[1]);
      const double c0      = (sums[3] - slope * sums[1]) / sums[0];
      const double p0_fit  = std::sqrt(c0);
      const double a_fit   = std::sqrt(-c0 / slope);
      const double a_area  = std::sqrt(4. * r.area / M_PI);
      if (Utilities::MPI::this_mpi_process(comm) == 0)
        std::printf("hertz: F = %.4f N; profile fit a = %.4f mm, p0 = %.4f MPa; Hertz a = %.4f mm, p0 = %.4f MPa; "
                    "active-area radius %.4f mm, largest face-mean pressure %.4f MPa\n",
                    force, a_fit, p0_fit, a_hertz, p0_hertz, a_area, r.peak_pressure);
      check.at_most("contact radius much smaller than R (Hertz's assumption)", a_hertz / R, 0.2);
      check.is_true("pressure falls off with the radius", slope < 0.);
      check.relative("contact radius (profile fit) vs Hertz", a_fit, a_hertz, 0.05);
      check.relative("peak pressure (profile fit) vs Hertz", p0_fit, p0_hertz, 0.05);
      return {{"force", force}, {"radius", a_fit}, {"peak", p0_fit}};
    }

    const Register reg("hertz", hertz);
  } // namespace
} // namespace spine::verification
