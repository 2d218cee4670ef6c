// Two-level p-multigrid: see p_multigrid.h for why.
#include <spine/solver/p_multigrid.h>

#include <deal.II/base/exceptions.h>
#include <deal.II/fe/fe.h>
#include <deal.II/grid/reference_cell.h>

#include <EpetraExt_MatrixMatrix.h>
#include <Epetra_Import.h>
#include <ml_MultiLevelPreconditioner.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace spine::solver
{
  using namespace dealii;

  PMultigridPreconditioner::PMultigridPreconditioner()  = default;
  PMultigridPreconditioner::~PMultigridPreconditioner() = default;

  namespace
  {
    /// Weights of the four vertex shape functions at each support point of the scalar
    /// base element (its P1 interpolation): the barycentric coordinates on the unit tetrahedron.
    std::vector<std::array<double, 4>>
    vertex_weights(const FiniteElement<3> &base)
    {
      const auto &                       points = base.get_unit_support_points();
      std::vector<std::array<double, 4>> weights(points.size());
      for (unsigned int j = 0; j < points.size(); ++j)
        weights[j] = {{1. - points[j][0] - points[j][1] - points[j][2], points[j][0], points[j][1],
                       points[j][2]}};
      // The first four support points must be the vertices in reference order.
      for (unsigned int v = 0; v < 4; ++v)
        for (unsigned int w = 0; w < 4; ++w)
          if (std::abs(weights[v][w] - (v == w ? 1. : 0.)) > 1e-12)
            throw std::logic_error("p-multigrid: the element's first support points are not the "
                                   "tetrahedron's vertices in reference order");
      return weights;
    }

    void
    check(const int code, const char *what)
    {
      if (code != 0)
        throw std::runtime_error(std::string("p-multigrid: ") + what + " failed (Epetra error " +
                                 std::to_string(code) + ")");
    }
  } // namespace

  void
  PMultigridPreconditioner::initialize(const TrilinosWrappers::SparseMatrix &matrix_in,
                                       const DoFHandler<3> &                 dofs,
                                       const AffineConstraints<double> &     constraints,
                                       const NullSpaceBuilder &              null_space,
                                       Teuchos::ParameterList                coarse_ml,
                                       const Data &                          data)
  {
    const auto &fe = dofs.get_fe();
    if (fe.reference_cell() != ReferenceCells::Tetrahedron || fe.n_components() != 3 ||
        fe.n_base_elements() != 1 || fe.base_element(0).degree < 2)
      throw std::invalid_argument("p-multigrid needs a 3-component Lagrange element of degree >= 2 "
                                  "on tetrahedra");
    coarse_amg.reset(); // it refers to the previous coarse matrix
    matrix                        = &matrix_in;
    const Epetra_CrsMatrix &A     = matrix_in.trilinos_matrix();
    const Epetra_Map &      rows  = A.RowMap();
    const auto              weights = vertex_weights(fe.base_element(0));

    // Prolongation = linear interpolation from the vertices. A constrained vertex DoF keeps
    // only its own (identity) entry, so its coarse row stays decoupled and diagonal like the
    // fine one; constrained non-vertex DoFs get no coarse correction. The coarse unknowns are
    // the owned vertex DoFs with their global numbers (a vertex's three components stay
    // consecutive, as ML's "PDE equations = 3" expects).
    prolongation = std::make_unique<Epetra_CrsMatrix>(Copy, rows, 4);
    std::vector<types::global_dof_index> cell_dofs(fe.n_dofs_per_cell());
    std::vector<int>                     coarse_gids;
    std::vector<bool>                    done(rows.NumMyElements(), false);
    for (const auto &cell : dofs.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(cell_dofs);
          for (unsigned int i = 0; i < cell_dofs.size(); ++i)
            {
              const int row = static_cast<int>(cell_dofs[i]);
              const int lid = rows.LID(row);
              if (lid < 0 || done[lid])
                continue;
              done[lid]                    = true;
              const auto [component, base] = fe.system_to_component_index(i);
              if (base < 4)
                coarse_gids.push_back(row);
              std::array<int, 4>    columns;
              std::array<double, 4> values;
              int                   n = 0;
              if (constraints.is_constrained(cell_dofs[i]))
                {
                  if (base < 4)
                    columns[n] = row, values[n++] = 1.;
                }
              else
                for (unsigned int v = 0; v < 4; ++v)
                  {
                    const auto vertex_dof = cell_dofs[fe.component_to_system_index(component, v)];
                    if (std::abs(weights[base][v]) > 1e-12 && !constraints.is_constrained(vertex_dof))
                      columns[n] = static_cast<int>(vertex_dof), values[n++] = weights[base][v];
                  }
              if (n > 0)
                check(prolongation->InsertGlobalValues(row, n, values.data(), columns.data()),
                      "building the prolongation");
            }
        }
    std::sort(coarse_gids.begin(), coarse_gids.end());
    coarse_map = std::make_unique<Epetra_Map>(-1, static_cast<int>(coarse_gids.size()),
                                              coarse_gids.data(), 0, rows.Comm());
    check(prolongation->FillComplete(*coarse_map, rows), "completing the prolongation");

    // Galerkin vertex operator P^T A P. A P is formed row by row with a dense accumulator
    // over the vertex DoFs: a P row has at most four entries, so this is a few multiply-adds
    // per entry of A, where EpetraExt's general product spends most of its time searching
    // column indices. The interpolation rows of all of A's columns (owned, ghost, and those
    // that ligaments or contact couple from further away) are imported first.
    const Epetra_Map &columns = A.ColMap();
    Epetra_CrsMatrix  column_rows(Copy, columns, 4);
    check(column_rows.Import(*prolongation, Epetra_Import(columns, rows), Insert),
          "importing the interpolation rows");
    const int        n_columns = columns.NumMyElements();
    std::vector<int> offsets(n_columns + 1, 0), reached;
    std::vector<int> vertex(4 * static_cast<std::size_t>(n_columns));
    std::vector<double> weight(vertex.size());
    for (int c = 0; c < n_columns; ++c)
      {
        int n = 0;
        check(column_rows.ExtractGlobalRowCopy(columns.GID(c), 4, n, &weight[offsets[c]],
                                               &vertex[offsets[c]]),
              "reading an interpolation row");
        offsets[c + 1] = offsets[c] + n;
        reached.insert(reached.end(), vertex.begin() + offsets[c], vertex.begin() + offsets[c + 1]);
      }
    std::sort(reached.begin(), reached.end());
    reached.erase(std::unique(reached.begin(), reached.end()), reached.end());
    for (int k = 0; k < offsets[n_columns]; ++k) // global vertex DoF -> position in 'reached'
      vertex[k] = static_cast<int>(std::lower_bound(reached.begin(), reached.end(), vertex[k]) -
                                   reached.begin());

    Epetra_CrsMatrix    AP(Copy, rows, 0);
    std::vector<double> sum(reached.size(), 0.), row_values;
    std::vector<int>    last_row(reached.size(), -1), touched, row_columns;
    for (int r = 0; r < rows.NumMyElements(); ++r)
      {
        int     n       = 0;
        double *values  = nullptr;
        int *   indices = nullptr;
        check(A.ExtractMyRowView(r, n, values, indices), "reading a matrix row");
        touched.clear();
        for (int e = 0; e < n; ++e)
          for (int k = offsets[indices[e]]; k < offsets[indices[e] + 1]; ++k)
            {
              const int v = vertex[k];
              if (last_row[v] != r)
                {
                  last_row[v] = r;
                  sum[v]      = 0.;
                  touched.push_back(v);
                }
              sum[v] += values[e] * weight[k];
            }
        row_columns.resize(touched.size());
        row_values.resize(touched.size());
        for (std::size_t t = 0; t < touched.size(); ++t)
          {
            row_columns[t] = reached[touched[t]];
            row_values[t]  = sum[touched[t]];
          }
        if (!touched.empty())
          check(AP.InsertGlobalValues(rows.GID(r), static_cast<int>(touched.size()), row_values.data(),
                                      row_columns.data()),
                "building A P");
      }
    check(AP.FillComplete(*coarse_map, rows), "completing A P");
    coarse_matrix = std::make_unique<Epetra_CrsMatrix>(Copy, *coarse_map, 0);
    check(EpetraExt::MatrixMatrix::Multiply(*prolongation, true, AP, false, *coarse_matrix),
          "P^T A P");

    coarse_null_space = null_space(*coarse_map);
    coarse_ml.set("null space: type", "pre-computed");
    coarse_ml.set("null space: dimension", coarse_null_space->NumVectors());
    coarse_ml.set("null space: vectors", coarse_null_space->Values());
    coarse_ml.set("null space: add default vectors", false);
    coarse_ml.set("PDE equations", 3);
    coarse_amg = std::make_unique<ML_Epetra::MultiLevelPreconditioner>(*coarse_matrix, coarse_ml);
    coarse_rhs      = std::make_unique<Epetra_MultiVector>(*coarse_map, 1);
    coarse_solution = std::make_unique<Epetra_MultiVector>(*coarse_map, 1);

    // Chebyshev smoother around the inverse diagonal.
    const MPI_Comm comm   = matrix_in.get_mpi_communicator();
    const IndexSet &owned = matrix_in.locally_owned_range_indices();
    auto inverse_diagonal = std::make_shared<InverseDiagonal>();
    inverse_diagonal->values.reinit(owned, comm);
    Epetra_MultiVector &d = inverse_diagonal->values.trilinos_vector();
    check(A.ExtractDiagonalCopy(*d(0)), "extracting the diagonal");
    check(d.Reciprocal(d), "inverting the diagonal");
    Smoother::AdditionalData smoothing;
    smoothing.degree              = data.smoother_degree;
    smoothing.smoothing_range     = data.smoothing_range;
    smoothing.eig_cg_n_iterations = 12;
    smoothing.preconditioner      = inverse_diagonal;
    smoother.initialize(matrix_in, smoothing);
    residual.reinit(owned, comm);
    correction.reinit(owned, comm);
  }

  void
  PMultigridPreconditioner::vmult(Vector &dst, const Vector &src) const
  {
    smoother.vmult(dst, src);
    matrix->vmult(residual, dst);
    residual.sadd(-1., 1., src);

    check(prolongation->Multiply(true, residual.trilinos_vector(), *coarse_rhs), "restriction");
    check(coarse_amg->ApplyInverse(*coarse_rhs, *coarse_solution), "coarse AMG");
    check(prolongation->Multiply(false, *coarse_solution, correction.trilinos_vector()),
          "prolongation");
    dst += correction;

    matrix->vmult(residual, dst);
    residual.sadd(-1., 1., src);
    smoother.vmult(correction, residual);
    dst += correction;
  }

  types::global_dof_index
  PMultigridPreconditioner::n_coarse_dofs() const
  {
    return coarse_map ? coarse_map->NumGlobalElements() : 0;
  }
} // namespace spine::solver
