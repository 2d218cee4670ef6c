// `spine-fe study <file.prm>`: placeholder until the study driver lands.
#include "commands.h"

#include <iostream>

namespace spine::app
{
int study_command(int, char **)
{
  std::cerr << "spine-fe study: not available yet\n";
  return 1;
}
} // namespace spine::app
