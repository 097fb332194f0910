// A static library whose only use of an adapter is this translation unit, which the
// program below never calls into: the linker leaves its object file out.
#include HP_TEST_ADAPTER_HEADER

#include <string>

namespace static_adapter {

std::string unused_by_the_program() { return "reads " HP_TEST_EXTENSION " files"; }

}  // namespace static_adapter
