"""Document question answering: ``docparse ask FILES... QUESTION``.

``docparse.ask`` is both this package and the function :func:`ask`: importing a subpackage
makes it an attribute of its parent, so the package itself is made callable, and
``docparse.ask(paths, question)`` works whichever of the two the name holds."""

import sys
from types import ModuleType
from typing import Any

from docparse.ask.answer import Answer, Evidence, PageRef
from docparse.ask.service import Asker, AskOptions, ask

__all__ = ["Answer", "AskOptions", "Asker", "Evidence", "PageRef", "ask"]


class _CallablePackage(ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Answer:
        return ask(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
