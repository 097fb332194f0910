// A C++ extension module of the example's own: its kernel reads its
// hyperparameters with hp::auto_param from whatever scope is current on the
// calling thread, here the scopes train.py opened in Python.
#include <pybind11/pybind11.h>

#include <string>
#include <thread>

#include <hyperparameter/hp.hpp>

namespace py = pybind11;

namespace {

std::string build_dnn(int input_dim, int layers, const std::string& activation) {
  return "dnn(" + std::to_string(input_dim) + "): " + std::to_string(layers) + " layers of " + activation;
}

// layers <- "dnn.layers" from the current scope, else 3; activation likewise.
const auto dnn = hp::auto_param("dnn", build_dnn, hp::arg("layers", 3), hp::arg("activation", "relu"));

}  // namespace

PYBIND11_MODULE(dnn_kernel, m) {
  m.def("dnn", [](int input_dim) { return dnn(input_dim); }, py::arg("input_dim"));
  m.def("dnn", [](int input_dim, int layers) { return dnn(input_dim, layers); }, py::arg("input_dim"),
        py::arg("layers"));
  // The kernel on a worker thread of its own, inside the caller's frame (hp::bind).
  m.def("dnn_on_worker", [](int input_dim) {
    std::string out;
    std::thread worker(hp::bind([&out, input_dim] { out = dnn(input_dim); }));
    worker.join();
    return out;
  });
}
