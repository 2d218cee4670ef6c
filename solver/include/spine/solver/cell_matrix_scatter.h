// Adds cell matrices straight into the value array of the assembled Trilinos matrix.
//
// The general path (AffineConstraints::distribute_local_to_global into
// TrilinosWrappers::SparseMatrix) translates every global index of every entry of every cell
// to a local one and searches its row, at every assembly: on P2 tetrahedra that index work
// cost more than the element loop itself (Epetra_BlockMap::LID, SumIntoGlobalValues and their
// binary searches, docs/benchmarks.md). The sparsity pattern does not change between
// assemblies, so the position of each (row, column) pair of each cell is found once here.
// Cells with a constrained DoF and rows owned by another rank keep the general path, so the
// assembled matrix is the same, entry by entry, as without this class. Stored per cell: one
// offset per pair of support points (the 3x3 block of a vertex pair is contiguous in
// deal.II's and Epetra's numbering), ~0.25 kB per P2 tetrahedron instead of 3.6 kB.
#pragma once

#include <deal.II/dofs/dof_handler.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>

#include <cstdint>
#include <vector>

namespace spine::solver
{
  class CellMatrixScatter
  {
  public:
    /// Records the value positions of every locally owned cell, in the order of
    /// dofs.active_cell_iterators(). @p matrix must hold its final sparsity pattern; without
    /// contiguous storage nothing is recorded and every cell keeps the general path.
    void
    build(const dealii::DoFHandler<3> &dofs, const dealii::AffineConstraints<double> &constraints,
          const dealii::TrilinosWrappers::SparseMatrix &matrix);

    bool
    empty() const
    {
      return cell_start.empty();
    }

    /// Whether the @p owned_cell-th locally owned cell takes the direct path.
    bool
    direct(const unsigned int owned_cell) const
    {
      return owned_cell < cell_start.size() && cell_start[owned_cell] >= 0;
    }

    /// Adds @p cell_matrix of a direct cell: owned rows into the value array, rows of other
    /// ranks through TrilinosWrappers::SparseMatrix::add (sent by compress()).
    void
    add(unsigned int owned_cell, const dealii::FullMatrix<double> &cell_matrix,
        const std::vector<dealii::types::global_dof_index> &dof_indices,
        dealii::TrilinosWrappers::SparseMatrix &matrix) const;

  private:
    unsigned int               n_nodes = 0;   ///< support points per cell (3 DoFs each)
    std::vector<unsigned int>  node_dof;      ///< cell DoF of (node, component), 3 * node + component
    std::vector<int>           cell_start;    ///< per owned cell: first entry in node_row, or -1
    std::vector<int>           node_row;      ///< per cell node: local row of component 0, or -1
    std::vector<std::uint16_t> offset_in_row; ///< per (node a, node b): b's first column in a's rows
  };
} // namespace spine::solver
