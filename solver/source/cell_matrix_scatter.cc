// Direct cell-matrix insertion: see cell_matrix_scatter.h for why.
#include <spine/solver/cell_matrix_scatter.h>

#include <Epetra_CrsMatrix.h>

#include <limits>
#include <stdexcept>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    /// The matrix's contiguous storage (row offsets, local column indices, values).
    struct CrsView
    {
      int *   offsets = nullptr;
      int *   columns = nullptr;
      double *values  = nullptr;
    };

    bool
    crs_view(const TrilinosWrappers::SparseMatrix &matrix, CrsView &view)
    {
      return matrix.trilinos_matrix().ExtractCrsDataPointers(view.offsets, view.columns, view.values) == 0;
    }
  } // namespace

  void
  CellMatrixScatter::build(const DoFHandler<3> &dofs, const AffineConstraints<double> &constraints,
                           const TrilinosWrappers::SparseMatrix &matrix)
  {
    const Epetra_CrsMatrix &A  = matrix.trilinos_matrix();
    const FiniteElement<3> &fe = dofs.get_fe();
    const unsigned int      n  = fe.n_dofs_per_cell();
    cell_start.clear();
    node_row.clear();
    offset_in_row.clear();
    CrsView view;
    if (fe.n_components() != 3 || n % 3 != 0 || !crs_view(matrix, view))
      return; // every cell keeps the general path
    n_nodes = n / 3;
    node_dof.assign(n, 0);
    for (unsigned int i = 0; i < n; ++i)
      {
        const auto [component, node] = fe.system_to_component_index(i);
        node_dof[3 * node + component] = i;
      }

    std::vector<types::global_dof_index> dof_indices(n);
    std::vector<int>                     column_of_local(A.ColMap().NumMyElements(), -1), position(n * n);
    for (const auto &cell : dofs.active_cell_iterators())
      {
        if (!cell->is_locally_owned())
          continue;
        cell->get_dof_indices(dof_indices);
        bool direct = true;
        for (const auto dof : dof_indices)
          direct = direct && !constraints.is_constrained(dof);

        // Value position of every (i, j) of an owned row i (-1 for rows of other ranks).
        std::fill(position.begin(), position.end(), -1);
        for (unsigned int j = 0; j < n && direct; ++j)
          {
            const int column = A.LCID(static_cast<int>(dof_indices[j]));
            direct           = column >= 0;
            if (direct)
              column_of_local[column] = static_cast<int>(j);
          }
        for (unsigned int i = 0; i < n && direct; ++i)
          if (const int row = A.LRID(static_cast<int>(dof_indices[i])); row >= 0)
            for (int k = view.offsets[row]; k < view.offsets[row + 1]; ++k)
              if (const int j = column_of_local[view.columns[k]]; j >= 0)
                position[i * n + j] = k;
        for (const auto dof : dof_indices)
          if (const int column = A.LCID(static_cast<int>(dof)); column >= 0)
            column_of_local[column] = -1;

        // Compact form: the three rows of a node are consecutive local rows with the same
        // pattern, and a node's three columns sit side by side in each row, so one offset per
        // pair of nodes locates all nine entries. Checked here; a cell where it fails (or a
        // coupling is missing) keeps the general path.
        const std::size_t start = node_row.size();
        for (unsigned int a = 0; a < n_nodes && direct; ++a)
          {
            const int row0 = A.LRID(static_cast<int>(dof_indices[node_dof[3 * a]]));
            for (unsigned int c = 0; c < 3 && direct; ++c)
              {
                const int row = A.LRID(static_cast<int>(dof_indices[node_dof[3 * a + c]]));
                direct        = row0 < 0 ? row < 0 : row == row0 + static_cast<int>(c);
              }
            node_row.push_back(row0);
            for (unsigned int b = 0; b < n_nodes && direct; ++b)
              {
                if (row0 < 0)
                  {
                    offset_in_row.push_back(0);
                    continue;
                  }
                const int first = position[node_dof[3 * a] * n + node_dof[3 * b]] - view.offsets[row0];
                direct          = first >= 0 && first <= std::numeric_limits<std::uint16_t>::max();
                for (unsigned int c = 0; c < 3 && direct; ++c)
                  for (unsigned int d = 0; d < 3 && direct; ++d)
                    direct = position[node_dof[3 * a + c] * n + node_dof[3 * b + d]] ==
                             view.offsets[row0 + c] + first + static_cast<int>(d);
                offset_in_row.push_back(static_cast<std::uint16_t>(direct ? first : 0));
              }
          }
        if (direct)
          cell_start.push_back(static_cast<int>(start));
        else
          {
            node_row.resize(start);
            offset_in_row.resize(start * n_nodes);
            cell_start.push_back(-1);
          }
      }
  }

  void
  CellMatrixScatter::add(const unsigned int owned_cell, const FullMatrix<double> &cell_matrix,
                         const std::vector<types::global_dof_index> &dof_indices,
                         TrilinosWrappers::SparseMatrix &matrix) const
  {
    // The storage may move when compress() optimises it: fetch it every time (a few loads).
    CrsView view;
    if (!crs_view(matrix, view))
      throw std::runtime_error("cell-matrix scatter: the Trilinos matrix lost its contiguous storage");
    const std::size_t    start = cell_start[owned_cell];
    const int *          rows  = node_row.data() + start;
    const std::uint16_t *first = offset_in_row.data() + start * n_nodes;
    const unsigned int   n     = 3 * n_nodes;
    for (unsigned int a = 0; a < n_nodes; ++a, first += n_nodes)
      for (unsigned int c = 0; c < 3; ++c)
        {
          const unsigned int i = node_dof[3 * a + c];
          if (rows[a] < 0)
            {
              matrix.add(dof_indices[i], n, dof_indices.data(), &cell_matrix(i, 0), false, false);
              continue;
            }
          double *const row_values = view.values + view.offsets[rows[a] + c];
          for (unsigned int b = 0; b < n_nodes; ++b)
            for (unsigned int d = 0; d < 3; ++d)
              row_values[first[b] + d] += cell_matrix(i, node_dof[3 * b + d]);
        }
  }
} // namespace spine::solver
