#include "two_boxes.h"

#include <deal.II/grid/grid_generator.h>

namespace spine::verification
{
  using namespace dealii;

  std::shared_ptr<DistributedMesh>
  two_boxes(MPI_Comm comm, const Box &a, const Box &b)
  {
    return create_distributed_mesh(comm, [&](Triangulation<3> &tria) {
      Triangulation<3> ta, tb;
      GridGenerator::subdivided_hyper_rectangle_with_simplices(ta, a.repetitions, a.p1, a.p2);
      GridGenerator::subdivided_hyper_rectangle_with_simplices(tb, b.repetitions, b.p1, b.p2);
      GridGenerator::merge_triangulations(ta, tb, tria);
      for (const auto &cell : tria.active_cell_iterators())
        {
          const Point<3> c      = cell->center();
          const bool     in_b   = c[0] > b.p1[0] && c[0] < b.p2[0] && c[1] > b.p1[1] && c[1] < b.p2[1] &&
                            c[2] > b.p1[2] && c[2] < b.p2[2];
          const Box &    box    = in_b ? b : a;
          cell->set_material_id(in_b ? 1 : 0);
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary())
              {
                const Point<3> fc = cell->face(f)->center();
                for (unsigned int d = 0; d < 3; ++d)
                  {
                    const double tolerance = 1e-8 * (box.p2[d] - box.p1[d]);
                    if (std::abs(fc[d] - box.p1[d]) < tolerance)
                      cell->face(f)->set_boundary_id(2 * d + (in_b ? 10 : 0));
                    if (std::abs(fc[d] - box.p2[d]) < tolerance)
                      cell->face(f)->set_boundary_id(2 * d + 1 + (in_b ? 10 : 0));
                  }
              }
        }
    });
  }
} // namespace spine::verification
