"""hyperparameter's scopes for Python, shared with C++.

A scope opened here is what C++ code called from here reads (hp::get), on
the same thread, and a C++ hp::with_scope is what a Python callback reads.

    import hyperparameter_cpp as hp
    with hp.scope("dnn.layers=4", **{"dnn.activation": "sigmoid"}):
        hp.get("dnn.layers", 3)        # 4, typed by the default

asyncio: tasks interleave on one thread, whose scopes they would share. Run
the loop with hp.asyncio_run(main()) (or call hp.install_asyncio() in it):
every task then keeps its own view, entered on the thread around each step
of the task, so C++ code a task calls reads that task's scopes.
"""

import asyncio as _asyncio
import collections.abc as _abc
import functools as _functools
import inspect as _inspect
import os as _os

from ._core import (  # noqa: F401  (re-exported)
    ConversionError,
    DeclarationConflict,
    Error,
    Frame,
    HashCollision,
    InvalidKey,
    IoError,
    MissingParameter,
    Params,
    ParseError,
    UnknownParameter,
    UsageError,
    current,
    freeze,
    get,
    has,
    scope,
)
from . import _core

__all__ = [
    "scope", "get", "has", "param", "current", "freeze", "load_config", "Frame", "Params",
    "Error", "ConversionError", "InvalidKey", "MissingParameter", "ParseError", "UnknownParameter",
    "IoError", "DeclarationConflict", "HashCollision", "UsageError",
    "bind", "asyncio_run", "install_asyncio", "task_factory",
]

_MISSING = object()


def load_config(path):
    """Loads a config file (.json .yaml .yml .toml, as this build supports)
    as Params, usable as a scope. `path`: a str or any path-like object."""
    return _core.load_config(_os.fspath(path))


# ---------------------------------------------------------------- hp.param

def param(namespace):
    """Gives a function's (or a class's __init__'s) parameters with defaults
    their values from the current scope, as C++'s hp::auto_param: a direct
    argument beats the scope ("namespace.name"), which beats the default.
    Scope values are converted to the default's type (checked)."""
    if not isinstance(namespace, str):
        raise TypeError("hp.param(namespace): the namespace is a str such as \"dnn\" (\"\" for bare names)")

    def decorate(target):
        if isinstance(target, type):
            target.__init__ = _injecting(target.__init__, namespace)
            return target
        return _injecting(target, namespace)

    return decorate


def _fresh(value):
    """A list injected into a call is the call's own: changing it changes no
    later call's value (nested lists too)."""
    return [_fresh(v) for v in value] if type(value) is list else value


def _injecting(fn, namespace):
    signature = _inspect.signature(fn)
    names, defaults, positions, positional_only = [], [], [], []
    position = 0
    for p in signature.parameters.values():
        positional = p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        if p.default is not p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
            names.append(p.name)
            defaults.append(p.default)
            positions.append(position if positional else 1 << 30)
            if p.kind is p.POSITIONAL_ONLY:
                positional_only.append((position, p.name, p.default))
        if positional:
            position += 1
    if not names:
        return fn
    keys = tuple(namespace + "." + n if namespace else n for n in names)
    for k in keys:  # a bad key is a programming error: raise where it is written
        _core.scope(**{k: 0})
    defaults = tuple(defaults)
    names = tuple(names)
    by_keyword = frozenset(names) - {name for _, name, _ in positional_only}
    # Every parameter with a default comes after all positional arguments a
    # call may pass without reaching it: below `first`, no argument is direct.
    first = min(positions)
    place = dict(zip(names, positions))
    token = _core._view_token
    resolve = _core._resolve
    # (view token, {name: value} for the names the scope sets, lists among
    # them), replaced as one object: threads share it. A name the scope does
    # not set is left to the function's own default (or to an hp.param
    # under this one: a direct argument would beat its scope).
    cache = [(None, None, None)]

    @_functools.wraps(fn)
    def wrapper(*args, **kwargs):
        t = token()
        entry = cache[0]
        if entry[0] != t:
            found = {n: v for n, v in zip(names, resolve(keys, defaults, _MISSING)) if v is not _MISSING}
            entry = (t, found, tuple(n for n, v in found.items() if type(v) is list))
            cache[0] = entry
        resolved, lists = entry[1], entry[2]
        if lists:
            resolved = dict(resolved)
            for n in lists:
                resolved[n] = _fresh(resolved[n])
        n = len(args)
        if positional_only and n >= positional_only[0][0]:
            # Positional-only parameters can only be given in place: from the
            # first the call leaves out up to the last the scope sets.
            wanted = [(at, name, d) for at, name, d in positional_only if at >= n]
            last = max((at for at, name, _ in wanted if name in resolved), default=-1)
            args += tuple(resolved.get(name, d) for at, name, d in wanted if at <= last)
            n = len(args)
        if not kwargs and n <= first and not positional_only:
            return fn(*args, **resolved)
        merged = {name: v for name, v in resolved.items() if name in by_keyword and place[name] >= n}
        merged.update(kwargs)
        return fn(*args, **merged)

    wrapper.__wrapped__ = fn
    return wrapper


def bind(fn):
    """A callable that runs fn inside the view current now, on whichever
    thread calls it (as C++'s hp::bind): for threads, executors and
    asyncio.to_thread, which start from the frozen base. A generator or
    coroutine function is refused: its body runs after the call returns,
    outside the view."""
    if _inspect.isgeneratorfunction(fn) or _inspect.iscoroutinefunction(fn) or _inspect.isasyncgenfunction(fn):
        raise TypeError("hp.bind(fn): fn is a generator or coroutine function, whose body runs after the call "
                        "returns, outside the bound view; bind a function that consumes it (for asyncio tasks, "
                        "hp.asyncio_run gives each task the view it was created in)")
    frame = current()

    @_functools.wraps(fn)
    def bound(*args, **kwargs):
        with frame:
            return fn(*args, **kwargs)

    return bound


# ---------------------------------------------------------------- asyncio

class _ScopedCoroutine(_abc.Coroutine):
    """A task's coroutine, run with the task's own view entered on the thread
    around each step (send, throw, close)."""

    __slots__ = ("_coro", "_task")

    def __init__(self, coro, frame):
        self._coro = coro
        self._task = _core._Task(frame)

    def send(self, value):
        task = self._task
        task.enter()
        try:
            return self._coro.send(value)
        finally:
            task.leave()

    def __next__(self):
        return self.send(None)

    def throw(self, typ, val=None, tb=None):
        task = self._task
        task.enter()
        try:
            if val is None and tb is None:
                return self._coro.throw(typ)
            return self._coro.throw(typ, val, tb)
        finally:
            task.leave()

    def close(self):
        task = self._task
        task.enter()
        try:
            return self._coro.close()
        finally:
            task.leave()

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __getattr__(self, name):  # cr_frame, cr_code, __qualname__ ... for asyncio's reprs and debug mode
        return getattr(self._coro, name)

    def __repr__(self):
        return repr(self._coro)


def _scoped(coro):
    """`coro` run in the view current now; what is no coroutine goes to
    asyncio as it is, which refuses it as asyncio.run does."""
    if isinstance(coro, _ScopedCoroutine) or not _asyncio.iscoroutine(coro):
        return coro
    return _ScopedCoroutine(coro, current())


def task_factory(loop, coro, **kwargs):
    """An asyncio task factory: each task keeps its own view (the view of the
    code that created it, then its own scopes), entered around its steps."""
    return _asyncio.Task(_scoped(coro), loop=loop, **kwargs)


def install_asyncio(loop=None):
    """Installs task_factory on `loop` (default: the running loop), over a
    factory already installed. Tasks created before keep sharing the thread's
    scopes."""
    loop = loop if loop is not None else _asyncio.get_running_loop()
    previous = loop.get_task_factory()
    if previous is None:
        loop.set_task_factory(task_factory)
    elif not getattr(previous, "_hyperparameter_cpp", False):
        def chained(loop, coro, **kwargs):
            return previous(loop, _scoped(coro), **kwargs)
        chained._hyperparameter_cpp = True
        loop.set_task_factory(chained)
    return loop


task_factory._hyperparameter_cpp = True


def asyncio_run(main, **kwargs):
    """asyncio.run(main, **kwargs) with every task of the loop (main included)
    keeping its own view."""
    async def installed():
        install_asyncio()
        return await main
    return _asyncio.run(_ScopedCoroutine(installed(), current()), **kwargs)
