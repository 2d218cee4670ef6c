// Constitutive checks: the stress equals dW/dF and the tangent equals dP/dF, both by
// central finite differences, at a generic finite deformation; plus objectivity.
#include "common.h"

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    Results
    material_fd(MPI_Comm, Checker &check)
    {
      Results      results;
      Tensor<2, 3> F;
      const double entries[3][3] = {{1.15, 0.12, -0.07}, {0.05, 0.92, 0.10}, {-0.09, 0.04, 1.08}};
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          F[i][j] = entries[i][j];
      for (const std::string law_text : {"linear-elastic(E=10, nu=0.3)",
                                         "neo-Hookean(E=10, nu=0.45)",
                                         "Mooney-Rivlin(C10=0.5, C01=0.2, K=30)",
                                         "Holzapfel-Gasser-Ogden(C10=0.3, K=20, k1=2, k2=5, kappa=0.1, angle=30)",
                                         "Holzapfel-Gasser-Ogden(C10=0.1351, K=2.6, k1=1.7, k2=37.4, kappa=0.0752, angle=-30, families=1)",
                                         "neo-Hookean(E=1, nu=0.4, Ef=15, fax=0.3, fay=0.2, faz=0.9)"})
        {
          const auto   law = create_material_law(parse_material_spec(law_text));
          Tensor<2, 3> P;
          Tensor<4, 3> A;
          law->stress_and_tangent(F, P, A);
          const double h = 1e-6;
          double       stress_error = 0., tangent_error = 0.;
          for (unsigned int k = 0; k < 3; ++k)
            for (unsigned int L = 0; L < 3; ++L)
              {
                Tensor<2, 3> Fp = F, Fm = F;
                Fp[k][L] += h;
                Fm[k][L] -= h;
                const double dW = (law->strain_energy(Fp) - law->strain_energy(Fm)) / (2. * h);
                const Tensor<2, 3> dP = (law->stress(Fp) - law->stress(Fm)) / (2. * h);
                // Small-strain P is the symmetric sigma: compare dW with the symmetric part.
                stress_error = std::max(stress_error, std::abs(dW - P[k][L]));
                for (unsigned int i = 0; i < 3; ++i)
                  for (unsigned int J = 0; J < 3; ++J)
                    tangent_error = std::max(tangent_error, std::abs(dP[i][J] - A[i][J][k][L]));
              }
          const double scale = P.norm() + 1.;
          if (!law->is_small_strain())
            check.at_most(law_text + ": |P - dW/dF| / |P|", stress_error / scale, 1e-7);
          check.at_most(law_text + ": |A - dP/dF| / |P|", tangent_error / scale, 1e-7);

          // Objectivity: rotating F leaves the Cauchy stress rotated (finite strain only).
          if (!law->is_small_strain())
            {
              const double c = std::cos(0.7), s = std::sin(0.7);
              Tensor<2, 3> Q;
              Q[0][0] = c, Q[0][1] = -s, Q[1][0] = s, Q[1][1] = c, Q[2][2] = 1.;
              const Tensor<2, 3> sigma  = law->cauchy_stress(F);
              const Tensor<2, 3> rotated = law->cauchy_stress(Q * F);
              check.at_most(law_text + ": objectivity error",
                            (rotated - Q * sigma * transpose(Q)).norm() / sigma.norm(), 1e-12);
            }
          // Stress-free reference state.
          check.at_most(law_text + ": |P(I)|",
                        law->stress(Tensor<2, 3>(unit_symmetric_tensor<3>())).norm(), 1e-12);
        }
      // Tension-only fibre family: nothing in compression along a, small-strain modulus Ef.
      {
        const auto reinforced = create_material_law(parse_material_spec("neo-Hookean(E=1, nu=0.4, Ef=15, fax=0, fay=0, faz=1)"));
        const auto matrix     = create_material_law(parse_material_spec("neo-Hookean(E=1, nu=0.4)"));
        Tensor<2, 3> Fc = unit_symmetric_tensor<3>();
        Fc[2][2]        = 0.9;
        check.at_most("fibre family inactive in compression", (reinforced->stress(Fc) - matrix->stress(Fc)).norm(), 1e-14);
        Fc[2][2] = 1. + 1e-6;
        check.relative("fibre small-strain modulus", (reinforced->stress(Fc) - matrix->stress(Fc))[2][2] / 1e-6, 15., 1e-5);
      }
      // GOH: fibres carry no compression (a pure fibre-direction compression sees only the
      // matrix), and the position-aware overloads agree with finite differences too.
      {
        const auto goh = create_material_law(parse_material_spec(
          "Holzapfel-Gasser-Ogden(C10=0.3, K=20, k1=2, k2=5, kappa=0, angle=0)"));
        const auto nh_like = create_material_law(parse_material_spec(
          "Holzapfel-Gasser-Ogden(C10=0.3, K=20, k1=0, k2=5, kappa=0, angle=0)"));
        // At X = (1,0,0) with axis z, angle 0: both fibres along e_y. Compress along y.
        Tensor<2, 3> Fc = unit_symmetric_tensor<3>();
        Fc[1][1]        = 0.8;
        check.at_most("GOH fibres inactive in compression",
                      (goh->stress(Fc) - nh_like->stress(Fc)).norm(), 1e-14);
        Fc[1][1] = 1.2;
        check.is_true("GOH fibres active in tension",
                      (goh->stress(Fc) - nh_like->stress(Fc)).norm() > 1e-3);
        const auto   law = create_material_law(parse_material_spec(
          "Holzapfel-Gasser-Ogden(C10=0.3, K=20, k1=2, k2=5, kappa=0.1, angle=40, ax=0.2, ay=0.1, az=1)"));
        const Point<3> X(0.3, -1.2, 0.5);
        Tensor<2, 3>   P;
        Tensor<4, 3>   A;
        law->stress_and_tangent(F, X, P, A);
        double         stress_error = 0., tangent_error = 0.;
        const double   h            = 1e-6;
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int L = 0; L < 3; ++L)
            {
              Tensor<2, 3> Fp = F, Fm = F;
              Fp[k][L] += h;
              Fm[k][L] -= h;
              stress_error = std::max(stress_error,
                                      std::abs((law->strain_energy(Fp, X) - law->strain_energy(Fm, X)) / (2 * h) - P[k][L]));
              const Tensor<2, 3> dP = (law->stress(Fp, X) - law->stress(Fm, X)) / (2. * h);
              for (unsigned int i = 0; i < 3; ++i)
                for (unsigned int J = 0; J < 3; ++J)
                  tangent_error = std::max(tangent_error, std::abs(dP[i][J] - A[i][J][k][L]));
            }
        check.at_most("GOH at a general point: |P - dW/dF| / |P|", stress_error / (P.norm() + 1.), 1e-7);
        check.at_most("GOH at a general point: |A - dP/dF| / |P|", tangent_error / (P.norm() + 1.), 1e-7);
      }
      // Small-strain limit of neo-Hookean equals Hooke's law.
      {
        const auto   nh = create_material_law(parse_material_spec("neo-Hookean(E=10, nu=0.3)"));
        const auto   le = create_material_law(parse_material_spec("linear-elastic(E=10, nu=0.3)"));
        Tensor<2, 3> H;
        H[0][0] = 1e-6, H[0][1] = 2e-6, H[2][1] = -1e-6, H[1][1] = 5e-7;
        Tensor<2, 3> F_small = H;
        for (unsigned int d = 0; d < 3; ++d)
          F_small[d][d] += 1.;
        Tensor<2, 3> P_nh, P_le;
        Tensor<4, 3> A_nh, A_le;
        nh->stress_and_tangent(Tensor<2, 3>(unit_symmetric_tensor<3>()), P_nh, A_nh);
        le->stress_and_tangent(Tensor<2, 3>(unit_symmetric_tensor<3>()), P_le, A_le);
        check.at_most("neo-Hookean tangent at F=I equals Hooke's tensor", (A_nh - A_le).norm() / A_le.norm(),
                      1e-12);
      }
      return results;
    }

    const Register reg("material_fd", material_fd);
  } // namespace
} // namespace spine::verification
