"""One scenario run: its variables, ``${name}`` substitution, and the symbolic
names that ids get in transcripts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from jsontwo.conformance import jsonpath
from jsontwo.conformance.targets import Target
from jsontwo.conformance.variables import (
    MASKED,
    builtin_variables,
    new_run_suffix,
    to_text,
    utc_now,
)

#: {model: {field: comodel}} for the relational fields of each model
Relations = dict[str, dict[str, str]]

VAR_RE = re.compile(r"\$\{([A-Za-z_][\w.]*)\}")
#: keys of a save path that do not lead to another model
_SAME_MODEL_KEYS = frozenset({"id", "records", "groups", "__records"})
#: strings shorter than this are not masked back to their variable (too common)
MIN_MASKED_LENGTH = 6


def is_id(value: Any) -> bool:
    """An integer that is not a boolean (JSON's ``true`` is not an id)."""
    return isinstance(value, int) and not isinstance(value, bool)


class RunContext:
    """The variables of one run of a scenario, and its maps of ids to names.

    An id saved by a step under a variable is written ``<var>`` in transcripts
    (``<var[i]>`` for the items of a saved list); any other id of a model is
    named by order of appearance in the run, ``<res.partner#1>``, ... So two
    servers that number records differently give the same transcript.
    """

    def __init__(
        self,
        target: Target,
        relations: Relations,
        *,
        run: str | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        self.target = target
        self.relations = relations
        self.run = run or new_run_suffix()
        self.vars: dict[str, Any] = {
            **builtin_variables(self.run, now or utc_now()),
            "db": target.db,
            "key": target.key,
            "password": target.password,
        }
        #: string values written back as ``${name}`` in answers
        self.string_masks: dict[str, str] = {}
        for name in MASKED:
            self._add_string_mask(name, self.vars[name])
        self.ids: dict[str, dict[int, str]] = {}
        self.auto: dict[str, dict[int, str]] = {}
        #: (model, ids) of the records the run created, oldest first, for cleanup
        self.created: list[tuple[str, list[int]]] = []
        #: models the run wrote to (cleanup sweeps some of them by run suffix)
        self.touched: set[str] = set()

    def _add_string_mask(self, name: str, value: Any) -> None:
        if isinstance(value, str) and len(value) >= MIN_MASKED_LENGTH and name != "db":
            self.string_masks[name] = value

    def save(self, name: str, value: Any, model: str | None) -> None:
        """Keep ``value`` as the variable ``name``; ids of ``model`` take its name."""
        self.vars[name] = value
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int):
            if model:
                self.ids.setdefault(model, {})[value] = name
        elif isinstance(value, list) and model and all(is_id(v) for v in value):
            names = self.ids.setdefault(model, {})
            for i, item in enumerate(value):
                names.setdefault(item, f"{name}[{i}]")
        elif isinstance(value, str):
            self._add_string_mask(name, value)

    def subst(self, template: Any) -> Any:
        """``template`` with its variables put in: ``"${name}"`` alone becomes the
        variable's JSON value (an id, a list); inside a longer string its text.
        Unknown variables are left as they are."""
        if isinstance(template, str):
            whole = VAR_RE.fullmatch(template)
            if whole and whole.group(1) in self.vars:
                return self.vars[whole.group(1)]
            return VAR_RE.sub(self._text_of, template)
        if isinstance(template, list):
            return [self.subst(item) for item in template]
        if isinstance(template, dict):
            return {self.subst(k): self.subst(v) for k, v in template.items()}
        return template

    def _text_of(self, match: re.Match[str]) -> str:
        name = match.group(1)
        return to_text(self.vars[name]) if name in self.vars else match.group(0)

    def id_name(self, model: str | None, value: Any) -> Any:
        """The symbolic name of the id ``value`` of ``model``; other values as they are."""
        if model is None or not is_id(value) or value <= 0:
            return value
        known = self.ids.get(model, {})
        if value in known:
            return f"<{known[value]}>"
        auto = self.auto.setdefault(model, {})
        if value not in auto:
            auto[value] = f"{model}#{len(auto) + 1}"
        return f"<{auto[value]}>"

    def relation(self, model: str | None, field: str) -> str | None:
        """The comodel of ``model``'s relational ``field``, None when not relational."""
        return self.relations.get(model or "", {}).get(field)

    def path_model(self, model: str | None, path: str) -> str | None:
        """The model of the value of a dotted field path (``id`` segments keep
        the model), None when the path does not end on a relational field."""
        current = model
        for segment in path.split("."):
            if segment == "id":
                continue
            current = self.relation(current, segment)
            if current is None:
                return None
        return current

    def infer_model(self, model: str | None, path: str) -> str | None:
        """The model of the ids a save path reaches, following the relational
        fields it goes through from the step's model."""
        for key in jsonpath.keys(path):
            if key in _SAME_MODEL_KEYS:
                continue
            model = self.relation(model, key.split(":")[0])
            if model is None:
                return None
        return model
