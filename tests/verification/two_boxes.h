// Two disjoint boxes in one mesh (for ligament and contact cases): box A has material 0 and
// boundary ids 0..5, box B material 1 and ids 10..15 (x-, x+, y-, y+, z-, z+).
#pragma once

#include "common.h"

namespace spine::verification
{
  struct Box
  {
    std::vector<unsigned int> repetitions;
    dealii::Point<3>          p1, p2;
  };

  std::shared_ptr<DistributedMesh> two_boxes(MPI_Comm comm, const Box &a, const Box &b);
} // namespace spine::verification
