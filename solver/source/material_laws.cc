// Constitutive laws. Finite-strain laws are written once as a stress function templated
// on the number type; the tangent dP/dF comes from forward-mode AD (Sacado SFad with the
// nine components of F as independent variables), which removes hand-derived tangents as
// a source of error while costing only a few microseconds per quadrature point.
#include <spine/solver/material_laws.h>
#include <spine/solver/fibre_field.h>
#include <spine/solver/fibre_reinforced_law.h>
#include <spine/solver/prestretched_law.h>

#include <deal.II/base/array_view.h>

#include <Sacado.hpp>

#include <array>
#include <cmath>
#include <map>

namespace spine::solver
{
  namespace
  {
    using dealii::Tensor;
    using ADNumber = Sacado::Fad::SFad<double, 9>;

    /// Minimal 3x3 matrix on any number type (row-major), so that the laws work for
    /// double and ADNumber alike without relying on mixed-type Tensor operations.
    template <typename T>
    struct Mat3
    {
      std::array<T, 9> a{};
      T &operator()(unsigned int i, unsigned int j) { return a[3 * i + j]; }
      const T &operator()(unsigned int i, unsigned int j) const { return a[3 * i + j]; }
    };

    template <typename T>
    Mat3<T>
    identity()
    {
      Mat3<T> m;
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          m(i, j) = T(i == j ? 1. : 0.);
      return m;
    }

    template <typename T>
    Mat3<T>
    transpose_times(const Mat3<T> &A, const Mat3<T> &B) // A^T B
    {
      Mat3<T> m;
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          {
            T s = T(0.);
            for (unsigned int k = 0; k < 3; ++k)
              s += A(k, i) * B(k, j);
            m(i, j) = s;
          }
      return m;
    }

    template <typename T>
    Mat3<T>
    times(const Mat3<T> &A, const Mat3<T> &B)
    {
      Mat3<T> m;
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          {
            T s = T(0.);
            for (unsigned int k = 0; k < 3; ++k)
              s += A(i, k) * B(k, j);
            m(i, j) = s;
          }
      return m;
    }

    template <typename T>
    T
    det(const Mat3<T> &A)
    {
      return A(0, 0) * (A(1, 1) * A(2, 2) - A(1, 2) * A(2, 1)) -
             A(0, 1) * (A(1, 0) * A(2, 2) - A(1, 2) * A(2, 0)) +
             A(0, 2) * (A(1, 0) * A(2, 1) - A(1, 1) * A(2, 0));
    }

    template <typename T>
    Mat3<T>
    inverse(const Mat3<T> &A)
    {
      Mat3<T> m;
      const T d = det(A);
      m(0, 0)   = (A(1, 1) * A(2, 2) - A(1, 2) * A(2, 1)) / d;
      m(0, 1)   = (A(0, 2) * A(2, 1) - A(0, 1) * A(2, 2)) / d;
      m(0, 2)   = (A(0, 1) * A(1, 2) - A(0, 2) * A(1, 1)) / d;
      m(1, 0)   = (A(1, 2) * A(2, 0) - A(1, 0) * A(2, 2)) / d;
      m(1, 1)   = (A(0, 0) * A(2, 2) - A(0, 2) * A(2, 0)) / d;
      m(1, 2)   = (A(0, 2) * A(1, 0) - A(0, 0) * A(1, 2)) / d;
      m(2, 0)   = (A(1, 0) * A(2, 1) - A(1, 1) * A(2, 0)) / d;
      m(2, 1)   = (A(0, 1) * A(2, 0) - A(0, 0) * A(2, 1)) / d;
      m(2, 2)   = (A(0, 0) * A(1, 1) - A(0, 1) * A(1, 0)) / d;
      return m;
    }

    template <typename T>
    T
    trace(const Mat3<T> &A)
    {
      return A(0, 0) + A(1, 1) + A(2, 2);
    }

    template <typename T>
    T
    double_contract(const Mat3<T> &A, const Mat3<T> &B)
    {
      T s = T(0.);
      for (unsigned int k = 0; k < 9; ++k)
        s += A.a[k] * B.a[k];
      return s;
    }

    /// Base for finite-strain laws: derived classes provide the second Piola–Kirchhoff
    /// stress S(F) for double and ADNumber, this class forms P = F S and its AD tangent.
    template <typename Law>
    class FiniteStrainLaw : public MaterialLaw
    {
    public:
      Tensor<2, 3>
      stress(const Tensor<2, 3> &F) const override
      {
        Mat3<double> f;
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int j = 0; j < 3; ++j)
            f(i, j) = F[i][j];
        const Mat3<double> P = times(f, static_cast<const Law &>(*this).second_piola(f));
        Tensor<2, 3>       result;
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int j = 0; j < 3; ++j)
            result[i][j] = P(i, j);
        return result;
      }

      void
      stress_and_tangent(const Tensor<2, 3> &F,
                         Tensor<2, 3> &      P_out,
                         Tensor<4, 3> &      A_out) const override
      {
        Mat3<ADNumber> f;
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int j = 0; j < 3; ++j)
            f(i, j) = ADNumber(9, 3 * i + j, F[i][j]);
        const Mat3<ADNumber> P = times(f, static_cast<const Law &>(*this).second_piola(f));
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int J = 0; J < 3; ++J)
            {
              P_out[i][J] = P(i, J).val();
              for (unsigned int k = 0; k < 3; ++k)
                for (unsigned int L = 0; L < 3; ++L)
                  A_out[i][J][k][L] = P(i, J).dx(3 * k + L);
            }
      }
    };

    /// Compressible neo-Hookean: W = mu/2 (I1 - 3) - mu ln J + lambda/2 (ln J)^2.
    class NeoHookean : public FiniteStrainLaw<NeoHookean>
    {
    public:
      NeoHookean(const double E, const double nu)
        : mu(E / (2. * (1. + nu)))
        , lambda(E * nu / ((1. + nu) * (1. - 2. * nu)))
      {}

      template <typename T>
      Mat3<T>
      second_piola(const Mat3<T> &F) const
      {
        using std::log;
        const Mat3<T> C    = transpose_times(F, F);
        const Mat3<T> Cinv = inverse(C);
        const T       lnJ  = log(det(F));
        Mat3<T>       S;
        for (unsigned int k = 0; k < 9; ++k)
          S.a[k] = mu * ((k % 4 == 0 ? 1. : 0.) - Cinv.a[k]) + lambda * lnJ * Cinv.a[k];
        return S;
      }

      double
      strain_energy(const Tensor<2, 3> &F) const override
      {
        const double lnJ = std::log(dealii::determinant(F));
        return 0.5 * mu * (dealii::scalar_product(F, F) - 3.) - mu * lnJ +
               0.5 * lambda * lnJ * lnJ;
      }

    private:
      const double mu, lambda;
    };

    /// Mooney–Rivlin with isochoric/volumetric split:
    /// W = C10 (I1bar - 3) + C01 (I2bar - 3) + K/4 (J^2 - 1 - 2 ln J).
    /// The volumetric function stays finite-slope at J -> 1 and blows up as J -> 0.
    class MooneyRivlin : public FiniteStrainLaw<MooneyRivlin>
    {
    public:
      MooneyRivlin(const double C10, const double C01, const double K)
        : C10(C10)
        , C01(C01)
        , K(K)
      {}

      template <typename T>
      Mat3<T>
      second_piola(const Mat3<T> &F) const
      {
        using std::pow;
        const T       J    = det(F);
        const Mat3<T> C    = transpose_times(F, F);
        const Mat3<T> Cinv = inverse(C);
        const T       Jm23 = pow(J, -2. / 3.);
        Mat3<T>       Cbar;
        for (unsigned int k = 0; k < 9; ++k)
          Cbar.a[k] = Jm23 * C.a[k];
        const T I1bar = trace(Cbar);
        // Sbar = 2 dW/dCbar = 2 C10 I + 2 C01 (I1bar I - Cbar)
        Mat3<T> Sbar;
        for (unsigned int k = 0; k < 9; ++k)
          Sbar.a[k] = -2. * C01 * Cbar.a[k];
        for (unsigned int d = 0; d < 3; ++d)
          Sbar(d, d) += 2. * C10 + 2. * C01 * I1bar;
        // S_iso = J^{-2/3} (Sbar - 1/3 (Sbar : C) C^{-1}); S_vol = J p C^{-1}
        const T Sbar_C   = double_contract(Sbar, C);
        const T pressure = 0.5 * K * (J - 1. / J);
        Mat3<T> S;
        for (unsigned int k = 0; k < 9; ++k)
          S.a[k] = Jm23 * (Sbar.a[k] - Sbar_C / 3. * Cinv.a[k]) +
                   (include_volumetric ? J * pressure * Cinv.a[k] : T(0.));
        return S;
      }

      double
      strain_energy(const Tensor<2, 3> &F) const override
      {
        const double J     = dealii::determinant(F);
        const auto   C     = dealii::transpose(F) * F;
        const double I1    = dealii::trace(C);
        const double I2    = 0.5 * (I1 * I1 - dealii::scalar_product(C, C));
        const double I1bar = std::pow(J, -2. / 3.) * I1;
        const double I2bar = std::pow(J, -4. / 3.) * I2;
        return C10 * (I1bar - 3.) + C01 * (I2bar - 3.) +
               0.25 * K * (J * J - 1. - 2. * std::log(J));
      }


      bool
      has_volumetric_split() const override
      {
        return true;
      }
      double
      volumetric_pressure(const double J) const override
      {
        return 0.5 * K * (J - 1. / J);
      }
      double
      volumetric_stiffness(const double J) const override
      {
        return 0.5 * K * (1. + 1. / (J * J));
      }
      void
      isochoric_stress_and_tangent(const Tensor<2, 3> &F, const dealii::Point<3> &X, Tensor<2, 3> &P, Tensor<4, 3> &A) const override
      {
        include_volumetric = false;
        static_cast<const MaterialLaw &>(*this).stress_and_tangent(F, X, P, A);
        include_volumetric = true;
      }
      Tensor<2, 3>
      isochoric_stress(const Tensor<2, 3> &F, const dealii::Point<3> &X) const override
      {
        include_volumetric = false;
        const Tensor<2, 3> P = static_cast<const MaterialLaw &>(*this).stress(F, X);
        include_volumetric = true;
        return P;
      }
      mutable bool include_volumetric = true; ///< false: isochoric part only (mean dilatation)
    private:
      const double C10, C01, K;
    };

    /// Gasser–Ogden–Holzapfel (annulus): isochoric neo-Hookean matrix, two fibre families
    /// a± = cos(angle) e_theta ± sin(angle) e_axis in a cylindrical frame, dispersion kappa,
    ///   W = C10 (I1bar - 3) + K/4 (J^2 - 1 - 2 ln J)
    ///     + sum_i k1/(2 k2) (exp(k2 E_i^2) - 1),  E_i = kappa (I1bar - 3) + (1 - 3 kappa)(I4bar_i - 1),
    /// with a family inactive (no energy) while E_i <= 0, i.e. fibres carry no compression.
    class HolzapfelGasserOgden : public FiniteStrainLaw<HolzapfelGasserOgden>
    {
    public:
      HolzapfelGasserOgden(const std::map<std::string, double> &p, std::shared_ptr<const FibreField> fibre_field)
        : field(std::move(fibre_field))
        , C10(p.at("C10"))
        , K(p.at("K"))
        , k1(p.at("k1"))
        , k2(p.at("k2"))
        , kappa(p.at("kappa"))
        , angle(p.at("angle") * M_PI / 180.)
        , n_families(static_cast<unsigned int>(p.count("families") ? p.at("families") : 2.))
      {
        const auto get = [&](const char *key, const double fallback) {
          const auto it = p.find(key);
          return it == p.end() ? fallback : it->second;
        };
        centre = dealii::Point<3>(get("cx", 0.), get("cy", 0.), get("cz", 0.));
        axis   = Tensor<1, 3>({get("ax", 0.), get("ay", 0.), get("az", 1.)});
        if (axis.norm() == 0.)
          throw InputError("law Holzapfel-Gasser-Ogden: the fibre axis (ax, ay, az) is zero");
        axis /= axis.norm();
        current_fibres = fibres(dealii::Point<3>(1., 0., 0.));
      }

      bool
      depends_on_position() const override
      {
        return true;
      }

      /// Fibre directions at reference position X.
      std::array<Tensor<1, 3>, 2>
      fibres(const dealii::Point<3> &X) const
      {
        if (field)
          {
            const auto &[t, n] = field->frame(X);
            return {{std::cos(angle) * t + std::sin(angle) * n, std::cos(angle) * t - std::sin(angle) * n}};
          }
        Tensor<1, 3> radial = X - centre;
        radial -= (radial * axis) * axis;
        Tensor<1, 3> circumferential = dealii::cross_product_3d(axis, radial);
        if (circumferential.norm() < 1e-12) // on the axis: any direction normal to it
          {
            Tensor<1, 3> trial;
            trial[std::abs(axis[0]) < 0.9 ? 0 : 1] = 1.;
            circumferential = dealii::cross_product_3d(axis, trial);
          }
        circumferential /= circumferential.norm();
        return {{std::cos(angle) * circumferential + std::sin(angle) * axis,
                 std::cos(angle) * circumferential - std::sin(angle) * axis}};
      }

      template <typename T>
      Mat3<T>
      second_piola(const Mat3<T> &F) const
      {
        return second_piola_at(F, current_fibres);
      }

      template <typename T>
      Mat3<T>
      second_piola_at(const Mat3<T> &F, const std::array<Tensor<1, 3>, 2> &a) const
      {
        using std::exp;
        using std::pow;
        const T       J    = det(F);
        const Mat3<T> C    = transpose_times(F, F);
        const Mat3<T> Cinv = inverse(C);
        const T       Jm23 = pow(J, -2. / 3.);
        const T       I1bar = Jm23 * trace(C);
        // Sbar = 2 dW/dCbar
        Mat3<T> Sbar;
        for (unsigned int d = 0; d < 3; ++d)
          Sbar(d, d) = T(2. * C10);
        for (const auto &fibre : active(a))
          {
            T I4bar = T(0.);
            for (unsigned int i = 0; i < 3; ++i)
              for (unsigned int j = 0; j < 3; ++j)
                I4bar += fibre[i] * C(i, j) * fibre[j];
            I4bar *= Jm23;
            const T E = kappa * (I1bar - 3.) + (1. - 3. * kappa) * (I4bar - 1.);
            // The fibre term has a kink at E = 0 (stress and energy vanish there). In the
            // undeformed state E is 0 up to round-off, so the family is counted as active in
            // the tangent down to E = -1e-12: Newton then starts from the stiff branch instead
            // of a matrix-only tangent whose first step overshoots by the k1/C10 ratio.
            if (E < -1e-12)
              continue;
            const T factor = 2. * k1 * E * exp(k2 * E * E);
            for (unsigned int i = 0; i < 3; ++i)
              for (unsigned int j = 0; j < 3; ++j)
                Sbar(i, j) += factor * ((i == j ? kappa : 0.) + (1. - 3. * kappa) * fibre[i] * fibre[j]);
          }
        const T Sbar_C   = double_contract(Sbar, C);
        const T pressure = 0.5 * K * (J - 1. / J);
        Mat3<T> S;
        for (unsigned int k = 0; k < 9; ++k)
          S.a[k] = Jm23 * (Sbar.a[k] - Sbar_C / 3. * Cinv.a[k]) +
                   (include_volumetric ? J * pressure * Cinv.a[k] : T(0.));
        return S;
      }

      Tensor<2, 3>
      stress(const Tensor<2, 3> &F, const dealii::Point<3> &X) const override
      {
        current_fibres = fibres(X);
        return FiniteStrainLaw<HolzapfelGasserOgden>::stress(F);
      }
      void
      stress_and_tangent(const Tensor<2, 3> &    F,
                         const dealii::Point<3> &X,
                         Tensor<2, 3> &          P,
                         Tensor<4, 3> &          A) const override
      {
        current_fibres = fibres(X);
        FiniteStrainLaw<HolzapfelGasserOgden>::stress_and_tangent(F, P, A);
      }
      // Without a position, the fibres at X = (1, 0, 0) are used (tests, diagnostics).
      Tensor<2, 3>
      stress(const Tensor<2, 3> &F) const override
      {
        return stress(F, dealii::Point<3>(1., 0., 0.));
      }
      void
      stress_and_tangent(const Tensor<2, 3> &F, Tensor<2, 3> &P, Tensor<4, 3> &A) const override
      {
        stress_and_tangent(F, dealii::Point<3>(1., 0., 0.), P, A);
      }

      double
      strain_energy(const Tensor<2, 3> &F, const dealii::Point<3> &X) const override
      {
        const auto   a     = fibres(X);
        const double J     = dealii::determinant(F);
        const auto   C     = dealii::transpose(F) * F;
        const double I1bar = std::pow(J, -2. / 3.) * dealii::trace(C);
        double       W     = C10 * (I1bar - 3.) + 0.25 * K * (J * J - 1. - 2. * std::log(J));
        for (const auto &fibre : active(a))
          {
            const double I4bar = std::pow(J, -2. / 3.) * (fibre * (C * fibre));
            const double E     = kappa * (I1bar - 3.) + (1. - 3. * kappa) * (I4bar - 1.);
            if (E > 0.)
              W += k1 / (2. * k2) * (std::exp(k2 * E * E) - 1.);
          }
        return W;
      }
      double
      strain_energy(const Tensor<2, 3> &F) const override
      {
        return strain_energy(F, dealii::Point<3>(1., 0., 0.));
      }


      bool
      has_volumetric_split() const override
      {
        return true;
      }
      double
      volumetric_pressure(const double J) const override
      {
        return 0.5 * K * (J - 1. / J);
      }
      double
      volumetric_stiffness(const double J) const override
      {
        return 0.5 * K * (1. + 1. / (J * J));
      }
      void
      isochoric_stress_and_tangent(const Tensor<2, 3> &F, const dealii::Point<3> &X, Tensor<2, 3> &P, Tensor<4, 3> &A) const override
      {
        include_volumetric = false;
        static_cast<const MaterialLaw &>(*this).stress_and_tangent(F, X, P, A);
        include_volumetric = true;
      }
      Tensor<2, 3>
      isochoric_stress(const Tensor<2, 3> &F, const dealii::Point<3> &X) const override
      {
        include_volumetric = false;
        const Tensor<2, 3> P = static_cast<const MaterialLaw &>(*this).stress(F, X);
        include_volumetric = true;
        return P;
      }
      mutable bool include_volumetric = true; ///< false: isochoric part only (mean dilatation)
    private:
      std::shared_ptr<const FibreField>   field; ///< per-point frame from a file, or null (cylinder)
      const double                        C10, K, k1, k2, kappa, angle;
      dealii::Point<3>                    centre;
      Tensor<1, 3>                        axis;
      /// Fibres of the point being evaluated, set by each stress call (the AD stress
      /// kernel reads them). Not thread-safe; the assembly is serial per rank.
      mutable std::array<Tensor<1, 3>, 2> current_fibres;
      /// 2: both families a+ and a- at every point; 1: a+ only (a lamella whose neighbours
      /// carry the opposite angle).
      unsigned int n_families;

      /// The families in use.
      template <typename Array>
      dealii::ArrayView<const typename Array::value_type>
      active(const Array &a) const
      {
        return dealii::make_array_view(a.begin(), a.begin() + n_families);
      }
    };

    /// Hooke's law with linearised kinematics: sigma = lambda tr(eps) I + 2 mu eps,
    /// eps = sym(F - I). Tangent is the (minor-symmetrised) elasticity tensor.
    class LinearElastic : public MaterialLaw
    {
    public:
      LinearElastic(const double E, const double nu)
        : mu(E / (2. * (1. + nu)))
        , lambda(E * nu / ((1. + nu) * (1. - 2. * nu)))
      {}

      bool
      is_small_strain() const override
      {
        return true;
      }

      Tensor<2, 3>
      stress(const Tensor<2, 3> &F) const override
      {
        Tensor<2, 3> H = F;
        for (unsigned int d = 0; d < 3; ++d)
          H[d][d] -= 1.;
        const Tensor<2, 3> eps = 0.5 * (H + dealii::transpose(H));
        Tensor<2, 3>       sigma = 2. * mu * eps;
        for (unsigned int d = 0; d < 3; ++d)
          sigma[d][d] += lambda * dealii::trace(eps);
        return sigma;
      }

      void
      stress_and_tangent(const Tensor<2, 3> &F,
                         Tensor<2, 3> &      P,
                         Tensor<4, 3> &      A) const override
      {
        P = stress(F);
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int j = 0; j < 3; ++j)
            for (unsigned int k = 0; k < 3; ++k)
              for (unsigned int l = 0; l < 3; ++l)
                A[i][j][k][l] = lambda * (i == j) * (k == l) +
                                mu * ((i == k) * (j == l) + (i == l) * (j == k));
      }

      double
      strain_energy(const Tensor<2, 3> &F) const override
      {
        const Tensor<2, 3> sigma = stress(F);
        Tensor<2, 3>       H     = F;
        for (unsigned int d = 0; d < 3; ++d)
          H[d][d] -= 1.;
        return 0.5 * dealii::scalar_product(sigma, 0.5 * (H + dealii::transpose(H)));
      }

    private:
      const double mu, lambda;
    };
  } // namespace

  Tensor<2, 3>
  MaterialLaw::cauchy_stress(const Tensor<2, 3> &F) const
  {
    if (is_small_strain())
      return stress(F);
    return stress(F) * dealii::transpose(F) / dealii::determinant(F);
  }

  Tensor<2, 3>
  MaterialLaw::cauchy_stress(const Tensor<2, 3> &F, const dealii::Point<3> &X) const
  {
    if (is_small_strain())
      return stress(F, X);
    return stress(F, X) * dealii::transpose(F) / dealii::determinant(F);
  }

  namespace
  {
    /// Removes an option `key=value, <prefix>x, <prefix>y, <prefix>z` from @p spec and
    /// returns the value and the direction (missing components are 0).
    std::pair<double, Tensor<1, 3>>
    take_directional_option(MaterialSpec &spec, const std::string &key, const std::string &prefix)
    {
      std::pair<double, Tensor<1, 3>> option{spec.parameters.at(key), Tensor<1, 3>()};
      spec.parameters.erase(key);
      for (unsigned int d = 0; d < 3; ++d)
        {
          const std::string name = prefix + "xyz"[d];
          const auto        it   = spec.parameters.find(name);
          option.second[d]       = it == spec.parameters.end() ? 0. : it->second;
          spec.parameters.erase(name);
        }
      return option;
    }
  } // namespace

  std::unique_ptr<MaterialLaw>
  create_material_law(const MaterialSpec &given)
  {
    MaterialSpec spec = given;
    // An in-situ pre-stretch (prestretch, pax, pay, paz) wraps any finite-strain law.
    if (spec.parameters.count("prestretch"))
      {
        const auto [stretch, axis] = take_directional_option(spec, "prestretch", "pa");
        auto inner                 = create_material_law(spec);
        return stretch == 1. ? std::move(inner) : make_prestretched_law(std::move(inner), axis, stretch);
      }
    // A tension-only fibre family (Ef, fax, fay, faz) likewise wraps any finite-strain law.
    if (spec.parameters.count("Ef"))
      {
        validate_material_spec(spec);
        const auto [modulus, direction] = take_directional_option(spec, "Ef", "fa");
        return make_fibre_reinforced_law(create_material_law(spec), direction, modulus);
      }
    validate_material_spec(spec);
    const auto &p = spec.parameters;
    if (spec.law == "linear-elastic")
      return std::make_unique<LinearElastic>(p.at("E"), p.at("nu"));
    if (spec.law == "neo-Hookean")
      return std::make_unique<NeoHookean>(p.at("E"), p.at("nu"));
    if (spec.law == "Mooney-Rivlin")
      return std::make_unique<MooneyRivlin>(p.at("C10"), p.at("C01"), p.at("K"));
    if (spec.law == "Holzapfel-Gasser-Ogden")
      {
        // One copy of each field file per process, shared by the laws (lamellae) using it.
        static std::map<std::string, std::shared_ptr<const FibreField>> fields;
        std::shared_ptr<const FibreField> field;
        if (spec.files.count("field"))
          {
            auto &cached = fields[spec.files.at("field")];
            if (!cached)
              cached = FibreField::read(spec.files.at("field"));
            field = cached;
          }
        return std::make_unique<HolzapfelGasserOgden>(p, field);
      }
    throw InputError("material law '" + spec.law + "' is not implemented");
  }
} // namespace spine::solver
