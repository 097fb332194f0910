// hyperparameter_cpp._core: the Python binding of hyperparameter's scopes.
//
// A scope opened in Python is an hp::with_scope on the calling thread's
// stack, so C++ code called from Python reads it, and a Python callback run
// inside a C++ with_scope reads that. Python cannot guarantee the strict
// nesting C++ guards rely on (generators, asyncio tasks, a `with` exited on
// another thread), so every guard Python opens is checked before it is
// closed: closing one out of order raises hp.Error and leaves the stack as
// it was, never terminating the interpreter.
//
// asyncio tasks interleave on one thread. A task run through
// hyperparameter_cpp's task factory holds a _Task: each step of the task
// enters the task's frame on this thread's stack and leaves it when the step
// yields, after lifting off the guards the step left open ("detached": the
// task's frame keeps their values until they close in a later step).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <hyperparameter/hp.hpp>
#if defined(HP_PYTHON_JSON)
#include <hyperparameter/json.hpp>
#endif
#if defined(HP_PYTHON_YAML)
#include <hyperparameter/yaml.hpp>
#endif
#if defined(HP_PYTHON_TOML)
#include <hyperparameter/toml.hpp>
#endif

namespace py = pybind11;

namespace {

// ---------------------------------------------------------------- errors

struct error_types {
  py::object error, invalid_key, missing_parameter, conversion_error, parse_error, unknown_parameter, io_error,
      declaration_conflict, hash_collision, usage_error;
};
error_types* errors = nullptr;  // set once at import, kept for the life of the process

[[noreturn]] void raise_error(const std::string& message) { throw hp::error(message); }

void set_python_error(const py::object& type, const char* message, const std::string* key) {
  py::object instance = type(py::str(message));
  if (key != nullptr) instance.attr("key") = py::str(*key);
  PyErr_SetObject(type.ptr(), instance.ptr());
}

void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const hp::invalid_key& e) {
    set_python_error(errors->invalid_key, e.what(), &e.key());
  } catch (const hp::missing_parameter& e) {
    set_python_error(errors->missing_parameter, e.what(), &e.key());
  } catch (const hp::conversion_error& e) {
    set_python_error(errors->conversion_error, e.what(), &e.key());
  } catch (const hp::parse_error& e) {
    set_python_error(errors->parse_error, e.what(), nullptr);
  } catch (const hp::unknown_parameter& e) {
    set_python_error(errors->unknown_parameter, e.what(), &e.key());
  } catch (const hp::io_error& e) {
    set_python_error(errors->io_error, e.what(), nullptr);
  } catch (const hp::declaration_conflict& e) {
    set_python_error(errors->declaration_conflict, e.what(), &e.key());
  } catch (const hp::hash_collision& e) {
    set_python_error(errors->hash_collision, e.what(), &e.key());
  } catch (const hp::usage_error& e) {
    set_python_error(errors->usage_error, e.what(), nullptr);
  } catch (const hp::error& e) {
    set_python_error(errors->error, e.what(), nullptr);
  }
}

// ---------------------------------------------------------------- values

// Python's repr of `o`, for messages.
std::string repr_of(py::handle o) { return py::repr(o).cast<std::string>(); }

hp::value to_value(py::handle o, const std::string& key, const std::string& source) {
  PyObject* p = o.ptr();
  if (PyBool_Check(p)) return hp::value(p == Py_True);
  if (PyLong_Check(p)) {
    int overflow = 0;
    const long long i = PyLong_AsLongLongAndOverflow(p, &overflow);
    if (overflow != 0)
      throw hp::conversion_error(repr_of(o), "std::int64_t", "the integer is out of range", key, source);
    if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
    return hp::value(static_cast<std::int64_t>(i));
  }
  if (PyFloat_Check(p)) return hp::value(PyFloat_AS_DOUBLE(p));
  if (PyUnicode_Check(p)) {
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(p, &size);
    if (text == nullptr && PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
      PyErr_Clear();
      throw hp::conversion_error(repr_of(o), "std::string",
                                 "the str holds a lone surrogate, which is no UTF-8 (os.fsdecode makes them of bytes "
                                 "that are not UTF-8)",
                                 key, source);
    }
    if (text == nullptr) throw py::error_already_set();
    return hp::value(std::string(text, static_cast<std::size_t>(size)));
  }
  if (PyList_Check(p) || PyTuple_Check(p)) {
    hp::value::list items;
    for (py::handle item : py::reinterpret_borrow<py::sequence>(o)) items.push_back(to_value(item, key, source));
    return hp::value(std::move(items));
  }
  throw hp::conversion_error(repr_of(o), "hp::value",
                             "a Python value must be a bool, int, float, str, or a list or tuple of them", key,
                             source);
}

py::object to_python(const hp::value& v) {
  if (const bool* b = v.if_bool()) return py::bool_(*b);
  if (const std::int64_t* i = v.if_integer()) return py::int_(*i);
  if (const double* d = v.if_double()) return py::float_(*d);
  if (const std::string* s = v.if_text()) return py::str(*s);
  if (const hp::value::list* items = v.if_list()) {
    py::list out(items->size());
    for (std::size_t i = 0; i < items->size(); ++i) out[i] = to_python((*items)[i]);
    return std::move(out);
  }
  return py::none();
}

template <class T>
py::object list_of(const std::vector<T>& items) {
  py::list out(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) out[i] = py::cast(static_cast<T>(items[i]));
  return std::move(out);
}

// The Python type a default asks for; `unsupported`: a default of another
// type (an Enum, a Path, bytes, a dict), which no value converts to.
enum class wanted {
  natural, boolean, integer, floating, text, list_bool, list_int, list_float, list_text, list_any, unsupported
};

wanted wanted_of(py::handle def) {
  PyObject* p = def.ptr();
  if (p == nullptr || p == Py_None) return wanted::natural;
  if (PyBool_Check(p)) return wanted::boolean;
  if (PyLong_Check(p)) return wanted::integer;
  if (PyFloat_Check(p)) return wanted::floating;
  if (PyUnicode_Check(p)) return wanted::text;
  if (PyList_Check(p) || PyTuple_Check(p)) {
    if (PySequence_Size(p) == 0) return wanted::list_any;
    switch (wanted_of(py::reinterpret_steal<py::object>(PySequence_GetItem(p, 0)))) {
      case wanted::boolean: return wanted::list_bool;
      case wanted::integer: return wanted::list_int;
      case wanted::floating: return wanted::list_float;
      case wanted::text: return wanted::list_text;
      default: return wanted::list_any;
    }
  }
  return wanted::unsupported;
}

// The value of `k` in `view` as the kind `w` asks for; nullopt when absent.
// Conversions are the library's own (checked, hp::conversion_error).
template <class View>
std::optional<py::object> read_as(const View& view, const hp::key& k, wanted w) {
  const auto wrap = [](auto&& found) -> std::optional<py::object> {
    if (!found) return std::nullopt;
    using T = std::decay_t<decltype(*found)>;
    if constexpr (hp::detail::is_vector<T>::value) return list_of(*found);
    else return py::cast(*found);
  };
  switch (w) {
    case wanted::boolean: return wrap(view.template find<bool>(k));
    case wanted::integer:
      try {
        return wrap(view.template find<std::int64_t>(k));
      } catch (const hp::conversion_error&) {
        (void)view.template find<int>(k);  // fails too, naming the type as Python users know it: "int"
        throw;
      }
    case wanted::floating: return wrap(view.template find<double>(k));
    case wanted::text: return wrap(view.template find<std::string>(k));
    case wanted::list_bool: return wrap(view.template find<std::vector<bool>>(k));
    case wanted::list_int:
      try {
        return wrap(view.template find<std::vector<std::int64_t>>(k));
      } catch (const hp::conversion_error&) {
        (void)view.template find<std::vector<int>>(k);
        throw;
      }
    case wanted::list_float: return wrap(view.template find<std::vector<double>>(k));
    case wanted::list_text: return wrap(view.template find<std::vector<std::string>>(k));
    case wanted::list_any:
    case wanted::natural:
    case wanted::unsupported: break;
  }
  std::optional<hp::value> found = view.template find<hp::value>(k);
  if (!found) return std::nullopt;
  // Without a typed default, a key declared in C++ reads as its declared type.
  if (w == wanted::natural || w == wanted::list_any) {
    if (const hp::detail::declared_type_check check = hp::detail::registry_store::instance().check_for(k.name())) {
      try {
        found = check(*found);
      } catch (const hp::conversion_error& e) {
        throw e.with_context(std::string(k.name()), view.source(k));
      }
    }
  }
  // An empty list default asks for a list: text ("a,b" from a define) reads
  // as a list of strings, as a C++ std::vector<std::string> would.
  if (w == wanted::list_any && found->if_list() == nullptr)
    return wrap(view.template find<std::vector<std::string>>(k));
  return to_python(*found);
}

// The current thread's view, read like a frame.
struct current_view {
  template <class T>
  std::optional<T> find(const hp::key& k) const { return hp::find<T>(k); }
  template <class T>
  T get(const hp::key& k) const { return hp::get<T>(k); }
  std::string source(const hp::key& k) const { return hp::current().source(k); }
};

// hp.get(key[, default]) on `view`: typed by the default, else by the declaration, else as stored.
// The value of `k` in `view` typed by `def` as hp.get gives it; nullopt when absent.
template <class View>
std::optional<py::object> find_in(const View& view, const hp::key& k, py::handle def) {
  const wanted w = wanted_of(def);
  std::optional<py::object> found = read_as(view, k, w);
  if (!found) return std::nullopt;
  if (w == wanted::unsupported)
    throw hp::conversion_error(repr_of(*found), Py_TYPE(def.ptr())->tp_name,
                               "a default of this type gives no type to read as: give a bool, int, float or str "
                               "default (or a list of them), or none, and convert the value yourself",
                               std::string(k.name()), view.source(k));
  if (def.ptr() != nullptr && PyTuple_Check(def.ptr()))  // a tuple default gives a tuple
    return py::reinterpret_steal<py::object>(PySequence_Tuple(found->ptr()));
  return found;
}

template <class View>
py::object get_in(const View& view, const std::string& name, py::handle def) {
  const hp::key k(name);
  if (std::optional<py::object> found = find_in(view, k, def)) return std::move(*found);
  if (def.ptr() == nullptr) (void)view.template get<hp::value>(k);  // throws hp::missing_parameter, saying why
  if (def.ptr() == nullptr) throw hp::missing_parameter(name);
  return py::reinterpret_borrow<py::object>(def);
}

// Where Python code that calls into this module stands: "train.py:12".
std::string python_caller() {
  PyFrameObject* f = PyEval_GetFrame();
  if (f == nullptr) return "Python";
  PyCodeObject* code = PyFrame_GetCode(f);
  std::string where = py::reinterpret_borrow<py::str>(code->co_filename).cast<std::string>();
  Py_DECREF(code);
  const std::size_t slash = where.find_last_of('/');
  if (slash != std::string::npos) where.erase(0, slash + 1);
  return where + ":" + std::to_string(PyFrame_GetLineNumber(f));
}

// ---------------------------------------------------------------- guards

// A process-unique number for this thread: a thread's C++ stack may reuse
// the address of a finished thread's, its number never repeats.
thread_local std::uint64_t thread_number = 0;
std::atomic<std::uint64_t> next_thread_number{1};
std::uint64_t this_thread_number() {
  if (thread_number == 0) thread_number = next_thread_number.fetch_add(1, std::memory_order_relaxed);
  return thread_number;
}

// One with_scope, constructed in place and destroyed only when it is the
// innermost level of its thread's stack; otherwise it is abandoned (its
// destructor would terminate the process).
class guard {
 public:
  template <class Arg>
  explicit guard(const Arg& what) {
    new (storage_) hp::with_scope(what);
    open_ = true;
    thread_ = this_thread_number();
    context_ = hp::detail::current_context;
    serial_ = context_->levels().back().serial;
  }
  guard(const guard&) = delete;
  guard& operator=(const guard&) = delete;
  ~guard() { close_if_innermost(); }

  [[nodiscard]] bool open() const noexcept { return open_; }
  [[nodiscard]] bool innermost() const noexcept {
    return open_ && thread_ == thread_number && hp::detail::current_context == context_ && !context_->levels().empty() &&
           context_->levels().back().serial == serial_;
  }
  [[nodiscard]] bool on_this_thread() const noexcept { return thread_ == thread_number; }

  void close() {
    if (!open_) return;
    if (!innermost()) raise_error("hp::error: a scope was closed that is not the innermost");
    std::launder(reinterpret_cast<hp::with_scope*>(storage_))->~with_scope();
    open_ = false;
  }
  // For a guard Python forgot (garbage collected while open): closed if that
  // is safe, else left to its thread.
  void close_if_innermost() noexcept {
    if (innermost()) {
      std::launder(reinterpret_cast<hp::with_scope*>(storage_))->~with_scope();
      open_ = false;
    }
  }

 private:
  alignas(hp::with_scope) unsigned char storage_[sizeof(hp::with_scope)];
  bool open_ = false;
  std::uint64_t thread_ = 0;
  hp::detail::context* context_ = nullptr;
  std::uint64_t serial_ = 0;
};

struct task_state;

// A guard Python opened: attached while it is on the thread's stack,
// detached while its asyncio task is suspended (the task's frame holds it).
struct python_guard {
  std::unique_ptr<guard> g;
  hp::frame before;              // the view it opened over
  task_state* task = nullptr;    // the task whose step opened it, or none
  bool close_requested = false;  // closed out of order: closes once the scopes above it close
};
using guard_list = std::vector<std::shared_ptr<python_guard>>;

void forget(guard_list& list, const python_guard* pg) {
  for (auto it = list.begin(); it != list.end(); ++it)
    if (it->get() == pg) {
      list.erase(it);
      return;
    }
}

// The guards Python opened on this thread that are on its stack, in opening order.
thread_local guard_list on_stack;

// asyncio._get_running_loop and asyncio.current_task, set at import, kept for the process's life.
PyObject* asyncio_running_loop = nullptr;
PyObject* asyncio_current_task = nullptr;

// The asyncio task whose step runs on this thread now.
thread_local task_state* running_task = nullptr;

struct task_state {
  hp::frame frame;               // the task's view between steps
  guard_list detached;           // open across awaits, in opening order
  guard_list attached;           // opened in this step, still open
  std::unique_ptr<guard> step;   // the task's frame entered for this step
  task_state* outer = nullptr;   // a step running when this one began

  explicit task_state(hp::frame f) : frame(std::move(f)) {}
  task_state(const task_state&) = delete;
  task_state& operator=(const task_state&) = delete;
  // Scopes still open in a finished task have nothing left to close.
  ~task_state() {
    for (const auto& pg : detached) pg->task = nullptr;
    for (const auto& pg : attached) pg->task = nullptr;
  }

  void enter() {
    if (step) raise_error("hp::error: an asyncio task step began while it was already running");
    step = std::make_unique<guard>(frame);
    outer = running_task;
    running_task = this;
  }

  // The step yielded (or finished): remember the task's view, lift the
  // guards it left open off the stack, and leave the task's frame.
  void leave() noexcept;

  // Closes the innermost detached guard: the step's view becomes the one it opened over.
  void close_detached() {
    do {
      step.reset();
      step = std::make_unique<guard>(detached.back()->before);
      detached.pop_back();
    } while (!detached.empty() && detached.back()->close_requested);
  }
};

// Closes, innermost first, the guards whose close came out of order, once
// nothing opened after them is open any more.
void settle() noexcept {
  while (!on_stack.empty()) {
    const std::shared_ptr<python_guard> top = on_stack.back();
    if (!top->close_requested || !top->g->innermost()) return;
    top->g->close_if_innermost();
    on_stack.pop_back();
    if (top->task != nullptr) forget(top->task->attached, top.get());
  }
}

// What every call from Python does first: a close refused while a C++
// scope was above it happens now, before anything reads.
inline void settle_pending() noexcept {
  if (!on_stack.empty() && on_stack.back()->close_requested) settle();
}

void task_state::leave() noexcept {
  if (!step) return;
  settle();
  frame = hp::current();
  for (auto it = attached.rbegin(); it != attached.rend(); ++it) {
    guard& g = *(*it)->g;
    if (g.innermost()) g.close_if_innermost();
    else std::fputs("hyperparameter_cpp: a scope left open by an asyncio task step is not on top of the stack\n", stderr);
    forget(on_stack, it->get());
  }
  detached.insert(detached.end(), attached.begin(), attached.end());
  attached.clear();
  if (step->innermost()) {
    step.reset();
  } else {
    std::fputs("hyperparameter_cpp: an asyncio task step left a scope open that it did not open\n", stderr);
    (void)step.release();  // closing it would pop someone else's scope
  }
  running_task = outer;
  outer = nullptr;
}

// What a Python scope pushes: defines and values, loaded params, or a frame.
class scope_object {
 public:
  explicit scope_object(hp::params p) : params_(std::move(p)) {}
  explicit scope_object(hp::frame f) : frame_(std::move(f)) {}
  scope_object(scope_object&&) = default;
  scope_object& operator=(scope_object&&) = default;

  // Garbage collected while open: each guard closes now if it is the
  // innermost, else as soon as the scopes above it close.
  ~scope_object() {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      python_guard& pg = **it;
      const bool is_detached = pg.task != nullptr && std::find(pg.task->detached.begin(), pg.task->detached.end(), *it) !=
                                                         pg.task->detached.end();
      pg.close_requested = true;
      if (!is_detached && pg.g->innermost()) settle();
    }
  }

  void enter() {
    settle_pending();
    check_asyncio();
    auto pg = std::make_shared<python_guard>();
    pg->before = hp::current();
    if (frame_) pg->g = std::make_unique<guard>(*frame_);
    else pg->g = std::make_unique<guard>(params_);
    pg->task = running_task;
    if (running_task != nullptr) running_task->attached.push_back(pg);
    on_stack.push_back(pg);
    open_.push_back(std::move(pg));
  }

  // Closes the innermost of this object's scopes opened on this thread, in
  // this asyncio task (one object may be open on several threads and in
  // several tasks at once: a module-level scope, a frame, hp.bind's).
  void exit() {
    if (open_.empty()) raise_error("hp::error: a scope was closed that is not open");
    auto mine = open_.end();
    for (auto it = open_.end(); it != open_.begin();) {
      --it;
      if ((*it)->g->on_this_thread() && (*it)->task == running_task) {
        mine = it;
        break;
      }
    }
    if (mine == open_.end())
      raise_error("hp::error: a scope was closed on a thread, or in an asyncio task, where it is not open");
    const std::shared_ptr<python_guard> pg = *mine;
    open_.erase(mine);
    task_state* task = pg->task;
    if (task != nullptr && std::find(task->detached.begin(), task->detached.end(), pg) != task->detached.end()) {
      // Opened in an earlier step of its task: the step's frame holds it.
      if (running_task == task && task->detached.back() == pg && task->attached.empty() && task->step &&
          task->step->innermost()) {
        task->close_detached();
        return;
      }
      pg->close_requested = true;
      raise_error(out_of_order());
    }
    if (!pg->g->open()) return;  // detached in a task that has finished
    if (pg->g->innermost()) {
      pg->g->close();
      forget(on_stack, pg.get());
      if (task != nullptr) forget(task->attached, pg.get());
      settle();
      return;
    }
    pg->close_requested = true;
    raise_error(out_of_order());
  }

  static std::string out_of_order() {
    return "hp::error: a scope was closed out of order (scopes close in reverse order of opening, on the thread "
           "and in the asyncio task that opened them); it closes when the scopes opened after it close";
  }

  [[nodiscard]] const hp::params* params() const { return frame_ ? nullptr : &params_; }

 private:
  // A coroutine that runs as an asyncio task without the task factory
  // shares this thread's stack with every other task: a scope it keeps
  // open across an await would be read by the others. Refused up front.
  static void check_asyncio() {
    if (running_task != nullptr) return;
    py::object loop = py::reinterpret_steal<py::object>(PyObject_CallNoArgs(asyncio_running_loop));
    if (!loop) throw py::error_already_set();
    if (loop.is_none()) return;
    if (py::reinterpret_borrow<py::object>(asyncio_current_task)(loop).is_none()) return;
    raise_error(
        "hp::error: a scope was opened in an asyncio task that runs without hyperparameter_cpp's task factory; "
        "tasks share their thread's scopes, so run the loop with hp.asyncio_run(main()) or call "
        "hp.install_asyncio() before creating tasks");
  }

  hp::params params_;
  std::optional<hp::frame> frame_;
  guard_list open_;
};

// hp.current() and hp.load_config() give objects that can be entered as scopes.
struct frame_object {
  hp::frame frame;
  scope_object scope{frame};
  explicit frame_object(hp::frame f) : frame(std::move(f)) {}
};
struct params_object {
  hp::params params;
  scope_object scope{params};
  explicit params_object(hp::params p) : params(std::move(p)) {}
};

// hp.scope(*defines, **values): a define is "key=value" (or a bare key for
// true), a value is typed as its Python type; a Frame or Params positional
// argument is entered as it is (alone).
std::unique_ptr<scope_object> make_scope(const py::args& args, const py::kwargs& kwargs) {
  if (args.size() == 1 && kwargs.size() == 0) {
    if (py::isinstance<frame_object>(args[0]))
      return std::make_unique<scope_object>(args[0].cast<const frame_object&>().frame);
    if (py::isinstance<params_object>(args[0]))
      return std::make_unique<scope_object>(args[0].cast<const params_object&>().params);
  }
  hp::params p;
  for (py::handle a : args) {
    if (!PyUnicode_Check(a.ptr()))
      throw py::type_error("hp.scope: positional arguments are \"key=value\" defines, a Frame or Params (alone); got " +
                           repr_of(a));
    const std::string text = a.cast<std::string>();
    auto [name, v] = hp::parse_define(text);
    p.set(name, std::move(v), "define '" + text + "'");
  }
  if (kwargs.size() > 0) {
    const std::string where = python_caller();
    for (auto [k, v] : kwargs) {
      const std::string name = k.cast<std::string>();
      p.set(name, to_value(v, name, where), where);
    }
  }
  return std::make_unique<scope_object>(std::move(p));
}

// ---------------------------------------------------------------- fast paths

// A token that changes whenever what this thread reads may have changed:
// what a decorated function resolved stays valid while it is equal.
PyObject* view_token(PyObject*, PyObject*) {
  settle_pending();
  return PyLong_FromUnsignedLongLong((this_thread_number() << 40) ^ hp::detail::view_generation.load(std::memory_order_relaxed));
}

// A C++ exception as the Python error it stands for (the pybind11 translator's work, for raw functions).
PyObject* raise_python(std::exception_ptr p) {
  try {
    std::rethrow_exception(p);
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (const hp::error&) {
    translate(p);
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  } catch (...) {
    PyErr_SetString(PyExc_RuntimeError, "unknown C++ exception");
  }
  return nullptr;
}

// hp.get(key[, default]): the hot read, without pybind11's overload dispatch.
PyObject* fast_get(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
  PyObject* def = nullptr;
  if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) == 1 && nargs == 1 &&
      PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, 0), "default") == 0)
    def = args[1];
  else if (kwnames != nullptr || nargs < 1 || nargs > 2) {
    PyErr_SetString(PyExc_TypeError, "hp.get(key, default=<none>): one key and an optional default");
    return nullptr;
  } else if (nargs == 2) {
    def = args[1];
  }
  if (!PyUnicode_Check(args[0])) {
    PyErr_SetString(PyExc_TypeError, "hp.get: the key is a str such as \"dnn.layers\"");
    return nullptr;
  }
  Py_ssize_t size = 0;
  const char* key = PyUnicode_AsUTF8AndSize(args[0], &size);
  if (key == nullptr) return nullptr;
  settle_pending();
  try {
    return get_in(current_view{}, std::string(key, static_cast<std::size_t>(size)), def).release().ptr();
  } catch (...) {
    return raise_python(std::current_exception());
  }
}

PyMethodDef fast_methods[] = {
    {"_view_token", view_token, METH_NOARGS, "A token that changes whenever this thread's view may have changed."},
    {"get", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(fast_get)), METH_FASTCALL | METH_KEYWORDS,
     "get(key, default=<none>): the value of `key` in the current scope, typed like `default` (or as C++ "
     "declared it, else as stored); `default` when absent; raises MissingParameter without a default"},
    {nullptr, nullptr, 0, nullptr}};

// Values for a decorated function's parameters: each key read as its
// default's type, `absent` for a key the scope does not set.
py::tuple resolve(const py::tuple& keys, const py::tuple& defaults, const py::object& absent) {
  py::tuple out(keys.size());
  current_view view;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string key = keys[i].cast<std::string>();
    std::optional<py::object> found = find_in(view, hp::key(key), defaults[i]);
    out[i] = found ? std::move(*found) : absent;
  }
  return out;
}

py::list items_of(const hp::frame& f) {
  py::list out;
  for (const auto& [k, v] : f) out.append(py::make_tuple(k, to_python(v)));
  return out;
}

py::list items_of(const hp::params& p) {
  py::list out;
  for (const auto& [k, v] : p) out.append(py::make_tuple(k, to_python(v)));
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "hyperparameter's scopes, shared between Python and C++ (see the hyperparameter_cpp package)";

  static error_types types;
  types.error = py::reinterpret_steal<py::object>(
      PyErr_NewExceptionWithDoc("hyperparameter_cpp.Error", "hp::error: every error of hyperparameter",
                                PyExc_ValueError, nullptr));
  const auto derived = [&](const char* name, const char* doc) {
    return py::reinterpret_steal<py::object>(PyErr_NewExceptionWithDoc(
        (std::string("hyperparameter_cpp.") + name).c_str(), doc, types.error.ptr(), nullptr));
  };
  types.invalid_key = derived("InvalidKey", "hp::invalid_key: a key that is not a valid dotted name");
  types.missing_parameter = derived("MissingParameter", "hp::missing_parameter: a key read without default that nobody set");
  types.conversion_error = derived("ConversionError", "hp::conversion_error: a value that cannot become the wanted type");
  types.parse_error = derived("ParseError", "hp::parse_error: malformed input (a define, a config file, an interpolation)");
  types.unknown_parameter = derived("UnknownParameter", "hp::unknown_parameter: a key nobody declared");
  types.io_error = derived("IoError", "hp::io_error: a config file that cannot be loaded, an output file that cannot be written");
  types.declaration_conflict =
      derived("DeclarationConflict", "hp::declaration_conflict: a key declared twice with another type or default");
  types.hash_collision = derived("HashCollision", "hp::hash_collision: two keys with the same 64-bit hash");
  types.usage_error = derived("UsageError", "hp::usage_error: the library used in a way it does not support");
  errors = &types;
  m.attr("Error") = types.error;
  m.attr("InvalidKey") = types.invalid_key;
  m.attr("MissingParameter") = types.missing_parameter;
  m.attr("ConversionError") = types.conversion_error;
  m.attr("ParseError") = types.parse_error;
  m.attr("UnknownParameter") = types.unknown_parameter;
  m.attr("IoError") = types.io_error;
  m.attr("DeclarationConflict") = types.declaration_conflict;
  m.attr("HashCollision") = types.hash_collision;
  m.attr("UsageError") = types.usage_error;
  py::register_exception_translator(&translate);
  py::module_ asyncio = py::module_::import("asyncio");
  asyncio_running_loop = py::object(asyncio.attr("_get_running_loop")).release().ptr();
  asyncio_current_task = py::object(asyncio.attr("current_task")).release().ptr();

  // Entering: `with obj:` opens its scope, `__exit__` closes it (raising
  // hp.Error when it is not the innermost); the `with` block's exception,
  // if any, propagates, and a refused close is then a RuntimeWarning, not
  // an exception that would take the block's place.
  const auto exit_scope = [](scope_object& s, const py::args& a) {
    if (a.size() == 0 || a[0].is_none()) {
      s.exit();
      return false;
    }
    try {
      s.exit();
    } catch (const hp::error& e) {
      const std::string message = std::string(e.what()) + " (while the block's exception propagates)";
      if (PyErr_WarnEx(PyExc_RuntimeWarning, message.c_str(), 1) != 0) throw py::error_already_set();
    }
    return false;
  };

  py::class_<frame_object>(m, "Frame", "An immutable snapshot of a view (hp::frame); `with frame:` re-enters it")
      .def(py::init([] { return frame_object(hp::frame()); }))
      .def("get", [](const frame_object& f, const std::string& key) { return get_in(f.frame, key, nullptr); },
           py::arg("key"))
      .def("get", [](const frame_object& f, const std::string& key, py::object def) { return get_in(f.frame, key, def); },
           py::arg("key"), py::arg("default"))
      .def("source", [](const frame_object& f, const std::string& key) { return f.frame.source(hp::key(key)); })
      .def("items", [](const frame_object& f) { return items_of(f.frame); })
      .def("keys", [](const frame_object& f) {
        py::list out;
        for (const auto& [k, v] : f.frame) out.append(py::str(k));
        return out;
      })
      .def("__len__", [](const frame_object& f) { return f.frame.size(); })
      .def("__contains__", [](const frame_object& f, const std::string& key) { return f.frame.has(hp::key(key)); })
      .def("__enter__", [](py::object self) { self.cast<frame_object&>().scope.enter(); return self; })
      .def("__exit__", [exit_scope](frame_object& f, const py::args& a) { return exit_scope(f.scope, a); })
      .def("__repr__", [](const frame_object& f) { return "<hyperparameter_cpp.Frame " + repr_of(items_of(f.frame)) + ">"; });

  py::class_<params_object>(m, "Params", "Parameters loaded from a config file (hp::params); `with params:` opens them")
      .def("get", [](const params_object& p, const std::string& key) { return get_in(p.params, key, nullptr); },
           py::arg("key"))
      .def("get", [](const params_object& p, const std::string& key, py::object def) { return get_in(p.params, key, def); },
           py::arg("key"), py::arg("default"))
      .def("source", [](const params_object& p, const std::string& key) { return p.params.source(hp::key(key)); })
      .def("items", [](const params_object& p) { return items_of(p.params); })
      .def("keys", [](const params_object& p) {
        py::list out;
        for (const auto& [k, v] : p.params) out.append(py::str(k));
        return out;
      })
      .def("__len__", [](const params_object& p) { return p.params.size(); })
      .def("__contains__", [](const params_object& p, const std::string& key) { return p.params.has(hp::key(key)); })
      .def("__enter__", [](py::object self) { self.cast<params_object&>().scope.enter(); return self; })
      .def("__exit__", [exit_scope](params_object& p, const py::args& a) { return exit_scope(p.scope, a); })
      .def("__repr__", [](const params_object& p) { return "<hyperparameter_cpp.Params " + repr_of(items_of(p.params)) + ">"; });

  py::class_<scope_object>(m, "scope",
                           "scope(*defines, **values): a context manager that opens a scope; defines are "
                           "\"key=value\" text, values are typed by their Python type; a Frame or Params alone is "
                           "entered as it is")
      .def(py::init([](const py::args& args, const py::kwargs& kwargs) { return make_scope(args, kwargs); }))
      .def("__enter__", [](py::object self) { self.cast<scope_object&>().enter(); return self; })
      .def("__exit__", exit_scope);

  py::class_<task_state>(m, "_Task")
      .def(py::init([](const frame_object& f) { return std::make_unique<task_state>(f.frame); }))
      .def("enter", &task_state::enter)
      .def("leave", &task_state::leave);

  m.def("has", [](const std::string& key) { settle_pending(); return hp::has(hp::key(key)); }, py::arg("key"));
  m.def("current", [] { settle_pending(); return frame_object(hp::current()); }, "The current view as an immutable Frame");
  m.def("freeze", &hp::freeze, "The current view becomes the base of threads started later");
  m.def("load_config", [](const std::string& path) { return params_object(hp::load_config(path)); }, py::arg("path"),
        "Loads a config file (.json .yaml .yml .toml, as this build supports) as Params");
  m.def("_resolve", &resolve);
  m.def("_formats", [] {
    py::list formats;
#if defined(HP_PYTHON_JSON)
    formats.append("json");
#endif
#if defined(HP_PYTHON_YAML)
    formats.append("yaml");
#endif
#if defined(HP_PYTHON_TOML)
    formats.append("toml");
#endif
    return formats;
  });
  if (PyModule_AddFunctions(m.ptr(), fast_methods) != 0) throw py::error_already_set();
}
