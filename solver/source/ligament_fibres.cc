// Tension-only ligament fibres. Rank 0 assembles every fibre (there are a few dozen); the
// fibre DoFs are in every rank's ghost set and their couplings in the sparsity pattern, so
// ends owned by different ranks need nothing special.
#include <spine/solver/input_specs.h>
#include <spine/solver/ligament_fibres.h>

#include <deal.II/base/mpi.h>

#include <limits>
#include <map>

namespace spine::solver
{
  using namespace dealii;

  double
  LigamentLaw::force(const double strain) const
  {
    if (strain <= 0.)
      return 0.;
    if (strain <= transition_strain)
      return E_toe * area * strain;
    return area * (E_toe * transition_strain + E_linear * (strain - transition_strain));
  }

  double
  LigamentLaw::stiffness(const double strain) const
  {
    if (strain <= 0.)
      return 0.;
    return area * (strain <= transition_strain ? E_toe : E_linear);
  }

  LigamentFibres::LigamentFibres(std::vector<FibreSpec> fibres, const double snap_tolerance)
    : specs(std::move(fibres))
    , tolerance(snap_tolerance)
  {
    for (const auto &f : specs)
      if (!(f.law.area > 0.) || !(f.law.E_toe > 0.) || !(f.law.E_linear > 0.) || f.law.transition_strain < 0.)
        throw InputError("ligament fibre " + f.name +
                         ": area, toe and linear moduli must be > 0 and the transition strain >= 0");
  }

  namespace
  {
    struct Snap
    {
      double                                     distance = std::numeric_limits<double>::max();
      Point<3>                                   position;
      std::array<types::global_dof_index, 3>     dofs{};
      unsigned int                               owner = 0;
    };

    /// Nearest vertex of a locally owned cell with a material in @p materials (collective).
    Snap
    snap(const DoFHandler<3> &dofs, const Point<3> &target, const std::set<types::material_id> &materials, MPI_Comm comm)
    {
      Snap best;
      for (const auto &cell : dofs.active_cell_iterators())
        if (cell->is_locally_owned() && materials.count(cell->material_id()))
          for (const auto v : cell->vertex_indices())
            {
              const double d = cell->vertex(v).distance(target);
              if (d < best.distance)
                {
                  best.distance = d;
                  best.position = cell->vertex(v);
                  for (unsigned int c = 0; c < 3; ++c)
                    best.dofs[c] = cell->vertex_dof_index(v, c);
                }
            }
      struct
      {
        double distance;
        int    rank;
      } local{best.distance, static_cast<int>(Utilities::MPI::this_mpi_process(comm))}, global{};
      MPI_Allreduce(&local, &global, 1, MPI_DOUBLE_INT, MPI_MINLOC, comm);
      std::array<double, 6> data{};
      for (unsigned int d = 0; d < 3; ++d)
        {
          data[d]     = best.position[d];
          data[3 + d] = static_cast<double>(best.dofs[d]);
        }
      MPI_Bcast(data.data(), 6, MPI_DOUBLE, global.rank, comm);
      Snap result;
      result.distance = global.distance;
      result.owner    = global.rank;
      for (unsigned int d = 0; d < 3; ++d)
        {
          result.position[d] = data[d];
          result.dofs[d]     = static_cast<types::global_dof_index>(data[3 + d]);
        }
      return result;
    }
  } // namespace

  IndexSet
  LigamentFibres::setup(const DoFHandler<3> &dofs, const Mapping<3> &, MPI_Comm comm)
  {
    communicator = comm;
    node_positions.assign(specs.size(), {});
    node_dofs.assign(specs.size(), {});
    state.assign(specs.size(), FibreState());
    fibre_spans_ranks = false;
    IndexSet needed(dofs.n_dofs());
    for (unsigned int f = 0; f < specs.size(); ++f)
      {
        const auto &spec = specs[f];
        const Snap  a    = snap(dofs, spec.end_a, spec.materials_a, comm);
        const Snap  b    = snap(dofs, spec.end_b, spec.materials_b, comm);
        for (const auto *s : {&a, &b})
          if (!(s->distance <= tolerance))
            throw InputError("ligament fibre " + spec.name + ": no node of its bone within " +
                             std::to_string(tolerance) + " mm of the attachment point (nearest: " +
                             (s->distance < 1e300 ? std::to_string(s->distance) + " mm" : "none") +
                             "); the attachment set is missing from the mesh");
        if (a.position.distance(b.position) < 1e-6)
          throw InputError("ligament fibre " + spec.name + ": both ends snap to the same node");
        node_positions[f] = {{a.position, b.position}};
        for (unsigned int d = 0; d < 3; ++d)
          {
            node_dofs[f][d]     = a.dofs[d];
            node_dofs[f][3 + d] = b.dofs[d];
          }
        fibre_spans_ranks = fibre_spans_ranks || a.owner != b.owner;
        for (const auto dof : node_dofs[f])
          needed.add_index(dof);
      }
    needed.compress();
    return needed;
  }

  void
  LigamentFibres::add_couplings(DynamicSparsityPattern &pattern) const
  {
    for (const auto &d : node_dofs)
      for (const auto i : d)
        for (const auto j : d)
          pattern.add(i, j);
  }

  void
  LigamentFibres::assemble(const TrilinosWrappers::MPI::Vector &current, const bool with_matrix, const Sink &sink)
  {
    const bool             root = Utilities::MPI::this_mpi_process(communicator) == 0;
    dealii::Vector<double> force(6);
    FullMatrix<double>     tangent(6, 6);
    std::vector<types::global_dof_index> indices(6);
    for (unsigned int f = 0; f < specs.size(); ++f)
      {
        Tensor<1, 3> xa, xb;
        for (unsigned int d = 0; d < 3; ++d)
          {
            xa[d] = node_positions[f][0][d] + current[node_dofs[f][d]];
            xb[d] = node_positions[f][1][d] + current[node_dofs[f][3 + d]];
          }
        const double       L0 = node_positions[f][0].distance(node_positions[f][1]);
        const Tensor<1, 3> e  = xb - xa;
        const double       L  = e.norm();
        const Tensor<1, 3> n  = e / L;
        const auto &       law = specs[f].law;
        auto &             s   = state[f];
        s.length = L;
        s.strain = (L - L0) / L0 + law.prestrain;
        s.force  = law.force(s.strain);
        if (!root)
          continue;
        // Internal force on end b is +N n, on end a -N n; the tangent of end b with respect
        // to itself is dN/dL n n + N/L (I - n n).
        for (unsigned int d = 0; d < 3; ++d)
          {
            force(d)     = -s.force * n[d];
            force(3 + d) = s.force * n[d];
          }
        const double k_axial = law.stiffness(s.strain) / L0;
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int j = 0; j < 3; ++j)
            {
              const double k = k_axial * n[i] * n[j] + s.force / L * ((i == j ? 1. : 0.) - n[i] * n[j]);
              tangent(i, j) = tangent(3 + i, 3 + j) = k;
              tangent(i, 3 + j) = tangent(3 + i, j) = -k;
            }
        std::copy(node_dofs[f].begin(), node_dofs[f].end(), indices.begin());
        sink(indices, force, with_matrix ? &tangent : nullptr);
      }
  }

  void
  LigamentFibres::add_statistics(StatisticsTable &table) const
  {
    std::map<std::string, std::pair<double, double>> per_ligament; // force sum, largest strain
    for (unsigned int f = 0; f < specs.size(); ++f)
      {
        auto it = per_ligament.emplace(specs[f].ligament, std::make_pair(0., -1e300)).first;
        it->second.first += state[f].force;
        it->second.second = std::max(it->second.second, state[f].strain);
      }
    for (const auto &[name, v] : per_ligament)
      {
        table.add_value("lig_" + name + "_N", v.first, "N");
        table.add_value("lig_" + name + "_strain", v.second);
      }
  }
} // namespace spine::solver
