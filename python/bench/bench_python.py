"""Costs of hyperparameter_cpp from Python, beside pure-Python baselines in the same process.

Run by hand (results in README.md, section Python):
    PYTHONPATH=build/default/python /usr/bin/python3 python/bench/bench_python.py
"""
import functools
import inspect
import timeit

import hyperparameter_cpp as hp

CONFIG = {"dnn.layers": 4, "dnn.activation": "sigmoid"}


def dict_param(namespace, config):
    """The pure-Python baseline: fills keyword defaults from a dict, direct arguments first."""
    def decorate(fn):
        params = [p for p in inspect.signature(fn).parameters.values() if p.default is not p.empty]
        keyed = [(p.name, namespace + "." + p.name, p.default) for p in params]
        first = min(i for i, p in enumerate(inspect.signature(fn).parameters.values()) if p.default is not p.empty)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            filled = {name: config.get(key, default) for name, key, default in keyed[len(args) - first:]
                      if name not in kwargs} if len(args) >= first else {}
            filled.update(kwargs)
            return fn(*args, **filled)
        return wrapper
    return decorate


def dnn_plain(x, layers=3, activation="relu"):
    return layers


@dict_param("dnn", CONFIG)
def dnn_dict(x, layers=3, activation="relu"):
    return layers


@hp.param("dnn")
def dnn_hp(x, layers=3, activation="relu"):
    return layers


def best_ns(stmt, number=200_000, repeat=7):
    return min(timeit.repeat(stmt, number=number, repeat=repeat, globals=globals())) / number * 1e9


def main():
    with hp.scope(**CONFIG):
        assert dnn_hp(0) == dnn_dict(0) == 4
        rows = [
            ("dict lookup: config.get(key, 3)", best_ns(lambda: CONFIG.get("dnn.layers", 3))),
            ("hp.get(key, 3)", best_ns(lambda: hp.get("dnn.layers", 3))),
            ("plain call dnn(0)", best_ns(lambda: dnn_plain(0))),
            ("pure-Python decorator from a dict", best_ns(lambda: dnn_dict(0))),
            ("@hp.param call", best_ns(lambda: dnn_hp(0))),
            ("@hp.param call, scope changes each time", None),
        ]

        def changing():
            with hp.scope(**{"dnn.layers": 5}):
                dnn_hp(0)

        def scope_only():
            with hp.scope(**{"dnn.layers": 5}):
                pass
        rows[-1] = ("@hp.param call in a new scope (minus the scope)",
                    best_ns(changing, number=50_000) - best_ns(scope_only, number=50_000))
        rows.append(("open and close hp.scope(one value)", best_ns(scope_only, number=50_000)))
    width = max(len(name) for name, _ in rows)
    for name, ns in rows:
        print(f"{name:<{width}}  {ns:8.0f} ns")
    ratio = rows[4][1] / rows[3][1]
    print(f"{'@hp.param / pure-Python decorator':<{width}}  {ratio:8.2f} x   (goal <= 1.5)")


if __name__ == "__main__":
    main()
