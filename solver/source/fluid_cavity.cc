#include <spine/solver/fluid_cavity.h>
#include <spine/solver/input_specs.h>
#include <spine/solver/kinematics.h>

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <sstream>

namespace spine::solver
{
  using namespace dealii;

  FluidCavity::FluidCavity(std::set<types::material_id> region_, const double K)
    : region(std::move(region_))
    , bulk_modulus(K)
  {
    if (!(K > 0.))
      throw InputError("fluid cavity: bulk modulus must be > 0 MPa, got " + std::to_string(K));
  }

  IndexSet
  FluidCavity::setup(const DoFHandler<3> &dofs, const Mapping<3> &mapping, MPI_Comm comm)
  {
    dofs_        = &dofs;
    mapping_     = &mapping;
    communicator = comm;
    double V0    = 0.;
    for (const auto &cell : dofs.active_cell_iterators())
      if (cell->is_locally_owned() && region.count(cell->material_id()))
        V0 += cell->measure();
    reference_volume_ = Utilities::MPI::sum(V0, comm);
    if (!(reference_volume_ > 0.))
      {
        std::ostringstream ids;
        for (const auto id : region)
          ids << (ids.tellp() > 0 ? ", " : "") << static_cast<unsigned int>(id);
        throw InputError("fluid cavity: the mesh has no cells of material id(s) " + ids.str());
      }
    volume_   = reference_volume_;
    pressure_ = 0.;
    volume_gradient.reinit(dofs.locally_owned_dofs(), comm);
    return IndexSet(dofs.n_dofs()); // only cells this rank owns: no extra DoFs to read
  }

  void
  FluidCavity::assemble(const TrilinosWrappers::MPI::Vector &current, const bool with_matrix, const Sink &sink)
  {
    const auto &         fe = dofs_->get_fe();
    const QGaussSimplex<3> quadrature(fe.degree + 1); // J is a polynomial of degree 3 (P1: 0)
    FEValues<3>          fe_values(*mapping_, fe, quadrature, update_gradients | update_JxW_values);
    const FEValuesExtractors::Vector     displacement(0);
    const unsigned int                   n = fe.n_dofs_per_cell();
    std::vector<Tensor<2, 3>>            grad_u(quadrature.size());
    std::vector<types::global_dof_index> dof_indices(n);
    const auto cavity_cells = [&](const auto &cell) {
      return cell->is_locally_owned() && region.count(cell->material_id());
    };

    // The pressure depends on the whole region's volume: sum it first (collective).
    double V = 0.;
    for (const auto &cell : dofs_->active_cell_iterators())
      if (cavity_cells(cell))
        {
          fe_values.reinit(cell);
          fe_values[displacement].get_function_gradients(current, grad_u);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            V += determinant(deformation_gradient(grad_u[q])) * fe_values.JxW(q);
        }
    volume_   = Utilities::MPI::sum(V, communicator);
    pressure_ = -bulk_modulus * (volume_ / reference_volume_ - 1.);

    if (with_matrix)
      volume_gradient = 0.;
    Vector<double>     g(n), force(n);
    FullMatrix<double> matrix(n, n);
    std::vector<double> trace_Finv_G(n);
    std::vector<Tensor<2, 3>> Finv_G(n);
    for (const auto &cell : dofs_->active_cell_iterators())
      if (cavity_cells(cell))
        {
          fe_values.reinit(cell);
          fe_values[displacement].get_function_gradients(current, grad_u);
          cell->get_dof_indices(dof_indices);
          g      = 0.;
          matrix = 0.;
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const Tensor<2, 3> F    = deformation_gradient(grad_u[q]);
              const double       J    = determinant(F);
              const Tensor<2, 3> Finv = invert(F);
              const double       dV   = fe_values.JxW(q);
              for (unsigned int i = 0; i < n; ++i)
                {
                  Finv_G[i]       = Finv * fe_values[displacement].gradient(i, q);
                  trace_Finv_G[i] = trace(Finv_G[i]);
                  g(i) += J * trace_Finv_G[i] * dV; // dJ/du_i = J tr(F^-1 G_i)
                }
              if (with_matrix)
                for (unsigned int i = 0; i < n; ++i)
                  for (unsigned int j = 0; j <= i; ++j)
                    {
                      // d²J/du_i du_j = J [tr(F^-1 G_i) tr(F^-1 G_j) - tr(F^-1 G_j F^-1 G_i)]
                      const double v = J * (trace_Finv_G[i] * trace_Finv_G[j] -
                                            scalar_product(Finv_G[j], transpose(Finv_G[i]))) * dV;
                      matrix(i, j) += v;
                      if (j != i)
                        matrix(j, i) += v;
                    }
            }
          for (unsigned int i = 0; i < n; ++i)
            force(i) = -pressure_ * g(i);
          matrix *= -pressure_;
          sink(dof_indices, force, with_matrix ? &matrix : nullptr);
          if (with_matrix)
            volume_gradient.add(dof_indices, g);
        }
    if (with_matrix)
      volume_gradient.compress(VectorOperation::add);
  }

  void
  FluidCavity::add_rank_one_terms(std::vector<RankOneTerm> &terms) const
  {
    terms.push_back({bulk_modulus / reference_volume_, &volume_gradient});
  }

  void
  FluidCavity::add_statistics(StatisticsTable &table) const
  {
    table.add_value("cavity_pressure", pressure_, "MPa");
    table.add_value("cavity_volume_change", 100. * (volume_ / reference_volume_ - 1.), "%");
  }
} // namespace spine::solver
