// User fibre field for the annulus law (fibre_field.h): a file that lists, at sample points,
// the frame of a parametric cylinder gives exactly the cylinder law's stress there and the
// nearest sample's stress elsewhere; a block whose field is uniform deforms like one with a
// cylinder frame whose axis is so far away that its frame is uniform too; bad files are
// rejected with the file and line.
#include "common.h"

#include <spine/solver/fibre_field.h>
#include <spine/solver/material_laws.h>

#include <deal.II/base/mpi.h>

#include <cstdio>
#include <fstream>
#include <iomanip>

#include <unistd.h>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    const std::string hgo = "Holzapfel-Gasser-Ogden(C10=0.35, K=10, k1=3.7, k2=90, kappa=0.1, angle=30";

    /// A per-rank file name (every rank writes and reads its own identical copy).
    std::string
    field_file(MPI_Comm comm, const std::string &name)
    {
      return "/tmp/spine-fe-fibre-field-" + name + "-" + std::to_string(Utilities::MPI::this_mpi_process(comm)) +
             "-" + std::to_string(::getpid()) + ".csv";
    }

    Results
    fibre_field(MPI_Comm comm, Checker &check)
    {
      Results results;
      // 1. Law level: samples of the cylinder frame (axis through (0.3,-0.2,0) along (0.1,0,1)).
      const Point<3>     centre(0.3, -0.2, 0.);
      const Tensor<1, 3> axis = Tensor<1, 3>({0.1, 0., 1.}) / std::sqrt(1.01);
      std::vector<Point<3>> samples;
      const std::string     sampled = field_file(comm, "sampled");
      {
        std::ofstream out(sampled);
        out << std::setprecision(17) << "# x y z, circumferential t, axial n\n";
        for (int i = -2; i <= 2; ++i)
          for (int j = -2; j <= 2; ++j)
            for (int k = 0; k <= 2; ++k)
              {
                const Point<3> X(2. * i + 0.1, 2. * j + 0.05, 1.5 * k);
                Tensor<1, 3>   radial = X - centre;
                radial -= (radial * axis) * axis;
                const Tensor<1, 3> t = cross_product_3d(axis, radial);
                out << X[0] << ", " << X[1] << ", " << X[2] << ", " << t[0] << ", " << t[1] << ", " << t[2] << ", "
                    << axis[0] << ", " << axis[1] << ", " << axis[2] << "\n";
                samples.push_back(X);
              }
      }
      const auto cylinder = create_material_law(parse_material_spec(
        hgo + ", cx=0.3, cy=-0.2, cz=0, ax=0.1, ay=0, az=1)"));
      const auto from_file = create_material_law(parse_material_spec(hgo + ", field=" + sampled + ")"));
      Tensor<2, 3> F;
      // Stretched in every horizontal direction: both families are active (E_i > 0) at all samples.
      const double entries[3][3] = {{1.15, 0.03, 0.}, {0.02, 1.15, 0.01}, {0., 0.02, 0.85}};
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          F[i][j] = entries[i][j];
      double worst = 0., scale = 0.;
      for (const auto &X : samples)
        {
          worst = std::max(worst, (cylinder->stress(F, X) - from_file->stress(F, X)).norm());
          scale = std::max(scale, cylinder->stress(F, X).norm());
        }
      check.at_most("at the samples: |P(field) - P(cylinder)| / |P|", worst / scale, 1e-12);
      // Between samples the nearest one's frame is used.
      const Point<3> between(2.1 + 0.4, 0.05 - 0.3, 1.5 + 0.2), nearest(2.1, 0.05, 1.5);
      check.at_most("between samples: the nearest sample's stress",
                    (from_file->stress(F, between) - cylinder->stress(F, nearest)).norm() / scale, 1e-12);
      check.is_true("between samples: differs from the cylinder there",
                    (from_file->stress(F, between) - cylinder->stress(F, between)).norm() > 1e-6 * scale);

      // 2. End to end: a block pulled along x with a uniform field (t = x, n = z) and with a
      // cylinder frame whose axis (z) lies 1e7 mm away (t = -x to 1e-7 there).
      const std::string uniform = field_file(comm, "uniform");
      {
        std::ofstream out(uniform);
        out << "0 0 0 1 0 0 0 0 1\n5 1 1 1 0 0 0 0 1\n";
      }
      std::map<std::string, double> stretch;
      for (const std::string frame : {"field=" + uniform, std::string("cx=0, cy=-1e7, cz=0, ax=0, ay=0, az=1")})
        {
          ProblemSettings settings = quiet_settings("Direct");
          settings.fe_degree       = 1;
          settings.materials[0]    = parse_material_spec(hgo + ", " + frame + ")");
          settings.boundary_conditions =
            parse_boundary_conditions("0: fixed(x); 2: fixed(y); 4: fixed(z); 1: traction(0.5, 0, 0)");
          MechanicsProblem problem(comm, settings);
          problem.set_mesh(box_mesh(comm, {4, 2, 2}, Point<3>(0, 0, 0), Point<3>(5, 1, 1)));
          check.is_true("run completed (" + frame.substr(0, 5) + ")", problem.run().completed);
          stretch[frame.substr(0, 5)] = fit_rigid_body_motion_of_boundary(context_of(problem), {1}).translation[0];
        }
      check.relative("uniform field vs distant cylinder: end displacement", stretch["field"], stretch["cx=0,"], 1e-5);
      results["end_ux"] = stretch["field"];
      std::remove(sampled.c_str());
      std::remove(uniform.c_str());

      // 3. Bad files and specs.
      const std::string bad = field_file(comm, "bad");
      const auto        message = [&](const std::string &content, const std::string &spec_tail) {
        std::ofstream(bad) << content;
        return input_error_of([&] { create_material_law(parse_material_spec(hgo + spec_tail)); });
      };
      const auto expect = [&](const std::string &what, const std::string &got, const std::string &part) {
        check.is_true(what + ": '" + got + "'", got.find(part) != std::string::npos);
      };
      expect("missing file", message("", ", field=/nonexistent/field.csv)"), "cannot be read");
      expect("short line", message("0 0 0 1 0 0\n", ", field=" + bad + ")"), "line 1: expected 9 numbers");
      expect("parallel directions", message("# c\n0 0 0 1 0 0 2 0 0\n", ", field=" + bad + ")"),
             "line 2: the directions t and n");
      expect("empty file", message("# nothing\n", ", field=" + bad + ")"), "lists no points");
      expect("field with a cylinder", message("", ", field=" + bad + ", ax=1)"), "cannot be combined with 'field'");
      expect("field on another law",
             input_error_of([] { parse_material_spec("neo-Hookean(E=1, nu=0.3, field=a.csv)"); }),
             "only for Holzapfel-Gasser-Ogden");
      std::remove(bad.c_str());
      return results;
    }

    const Register reg("fibre_field", fibre_field);
  } // namespace
} // namespace spine::verification
