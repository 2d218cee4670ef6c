// CellMatrixScatter against the general insertion path: the same cell matrices added both
// ways must give the same matrix entry by entry (same additions in the same order), on one
// rank and on two (rows owned by the other rank, cells with constrained DoFs).
#include <spine/solver/cell_matrix_scatter.h>

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/fully_distributed_tria.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_simplex_p.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria_description.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include <gtest/gtest.h>

#include <Epetra_CrsMatrix.h>

using namespace dealii;

namespace
{
  /// A reproducible non-symmetric cell matrix that differs from cell to cell.
  FullMatrix<double>
  cell_matrix_of(const unsigned int cell, const unsigned int n)
  {
    FullMatrix<double> m(n, n);
    for (unsigned int i = 0; i < n; ++i)
      for (unsigned int j = 0; j < n; ++j)
        m(i, j) = 1. + 0.37 * cell + 0.011 * i - 0.0029 * j * j + (i == j ? 5. : 0.);
    return m;
  }
} // namespace

TEST(CellMatrixScatter, SameMatrixAsTheGeneralPath)
{
  const MPI_Comm comm = MPI_COMM_WORLD;
  Triangulation<3> serial;
  GridGenerator::subdivided_hyper_cube_with_simplices(serial, 3);
  GridTools::partition_triangulation(Utilities::MPI::n_mpi_processes(comm), serial);
  parallel::fullydistributed::Triangulation<3> mesh(comm);
  mesh.create_triangulation(TriangulationDescription::Utilities::create_description_from_triangulation(serial, comm));

  const FESystem<3> fe(FE_SimplexP<3>(2), 3);
  DoFHandler<3>     dofs(mesh);
  dofs.distribute_dofs(fe);
  const IndexSet owned = dofs.locally_owned_dofs();
  IndexSet       relevant;
  DoFTools::extract_locally_relevant_dofs(dofs, relevant);

  // Constrain the DoFs of one face (boundary id 0), like a fixed endplate.
  AffineConstraints<double> constraints(relevant);
  DoFTools::make_zero_boundary_constraints(dofs, 0, constraints);
  constraints.close();

  DynamicSparsityPattern pattern(relevant);
  DoFTools::make_sparsity_pattern(dofs, pattern, constraints, false);
  SparsityTools::distribute_sparsity_pattern(pattern, owned, comm, relevant);
  TrilinosWrappers::SparseMatrix general, direct;
  general.reinit(owned, owned, pattern, comm);
  direct.reinit(owned, owned, pattern, comm);

  spine::solver::CellMatrixScatter scatter;
  scatter.build(dofs, constraints, direct);
  ASSERT_FALSE(scatter.empty());

  std::vector<types::global_dof_index> dof_indices(fe.n_dofs_per_cell());
  unsigned int                         n_owned = 0, n_direct = 0, n_foreign_rows = 0;
  for (int pass = 0; pass < 2; ++pass) // a second assembly over a zeroed matrix, as Newton does
    {
      general = 0.;
      direct  = 0.;
      n_owned = n_direct = n_foreign_rows = 0;
      for (const auto &cell : dofs.active_cell_iterators())
        {
          if (!cell->is_locally_owned())
            continue;
          const unsigned int owned_cell = n_owned++;
          cell->get_dof_indices(dof_indices);
          const FullMatrix<double> m = cell_matrix_of(cell->active_cell_index(), fe.n_dofs_per_cell());
          constraints.distribute_local_to_global(m, dof_indices, general);
          if (scatter.direct(owned_cell))
            {
              ++n_direct;
              for (const auto dof : dof_indices)
                n_foreign_rows += owned.is_element(dof) ? 0 : 1;
              scatter.add(owned_cell, m, dof_indices, direct);
            }
          else
            constraints.distribute_local_to_global(m, dof_indices, direct);
        }
      general.compress(VectorOperation::add);
      direct.compress(VectorOperation::add);
    }

  // Both paths were exercised: direct cells and (on two ranks) rows owned elsewhere.
  EXPECT_GT(n_direct, 0u);
  EXPECT_LT(n_direct, n_owned); // the constrained face keeps the general path
  if (Utilities::MPI::n_mpi_processes(comm) > 1)
    EXPECT_GT(Utilities::MPI::sum(n_foreign_rows, comm), 0u);

  const Epetra_CrsMatrix &a = general.trilinos_matrix(), &b = direct.trilinos_matrix();
  ASSERT_EQ(a.NumMyNonzeros(), b.NumMyNonzeros());
  unsigned int n_nonzero = 0;
  for (int row = 0; row < a.NumMyRows(); ++row)
    {
      int     na = 0, nb = 0;
      double *va = nullptr, *vb = nullptr;
      int *   ca = nullptr, *cb = nullptr;
      a.ExtractMyRowView(row, na, va, ca);
      b.ExtractMyRowView(row, nb, vb, cb);
      ASSERT_EQ(na, nb);
      for (int k = 0; k < na; ++k)
        {
          ASSERT_EQ(a.GCID(ca[k]), b.GCID(cb[k]));
          EXPECT_EQ(va[k], vb[k]) << "row " << a.GRID(row) << ", column " << a.GCID(ca[k]);
          n_nonzero += va[k] != 0. ? 1 : 0;
        }
    }
  EXPECT_GT(n_nonzero, 0u);
}

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
