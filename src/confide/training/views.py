"""Training pages, the privacy officer's training record, and the front desk's page.

A trainee reads a situation, chooses what to do, then sees the engine's decision for that
situation in the practice's state, its reasons and citations, and whether their answer
differed. The front desk's page holds the script and the caller form; it reads no client
data at all, so nothing on it can confirm that a person is a client.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confide.accounts.roles import role_required, staff_required
from confide.disclosures import actions as disclosure_actions
from confide.formerrors import apply_errors
from confide.policy import jurisdiction
from confide.training import access, actions
from confide.training.exercises import BY_KEY, EXERCISES, OUTCOME_LABELS
from confide.training.forms import AnswerForm, CallerForm
from confide.training.script import script


@require_GET
@staff_required
def index(request: HttpRequest) -> HttpResponse:
    attempt = access.open_attempt(request.user)
    answered = access.answers_by_exercise(attempt)
    code = access.practice_jurisdiction()
    return render(
        request,
        "training/index.html",
        {
            "standing": access.own_standing(request.user),
            "attempt": attempt,
            "rows": [(e, answered.get(e.key)) for e in EXERCISES],
            "all_answered": attempt is not None and len(answered) == len(EXERCISES),
            "place": jurisdiction(code).name,
        },
    )


@require_POST
@staff_required
def start(request: HttpRequest) -> HttpResponse:
    actions.start_training(acting_user=request.user, request=request)
    return redirect("training:exercise", key=EXERCISES[0].key)


@require_http_methods(["GET", "POST"])
@staff_required
def exercise(request: HttpRequest, key: str) -> HttpResponse:
    found = BY_KEY.get(key)
    attempt = access.open_attempt(request.user)
    if found is None:
        raise Http404("No such situation")
    if attempt is None:
        return redirect("training:index")
    decision = found.decision(attempt.jurisdiction, attempt.licence)
    options = found.options(decision)
    given = access.answer_to(attempt, key)
    form = AnswerForm(request.POST or None, options=options)
    if request.method == "POST" and given is None and form.is_valid():
        try:
            given, decision = actions.answer(
                acting_user=request.user,
                attempt=attempt,
                exercise=key,
                chosen=form.cleaned_data["chosen"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
    position = [e.key for e in EXERCISES].index(key)
    following = EXERCISES[position + 1] if position + 1 < len(EXERCISES) else None
    return render(
        request,
        "training/exercise.html",
        {
            "exercise": found,
            "form": form,
            "given": given,
            "decision": decision if given else None,
            "chosen_label": OUTCOME_LABELS.get(given.chosen, "") if given else "",
            "engine_label": OUTCOME_LABELS.get(decision.outcome, ""),
            "actions_list": [a.replace("_", " ") for a in decision.actions],
            "number": position + 1,
            "total": len(EXERCISES),
            "following": following,
            "place": jurisdiction(attempt.jurisdiction).name,
        },
    )


@require_POST
@staff_required
def complete(request: HttpRequest) -> HttpResponse:
    attempt = access.open_attempt(request.user)
    if attempt is None:
        return redirect("training:index")
    try:
        actions.complete_training(acting_user=request.user, attempt=attempt, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Training complete. It is in the practice's training record."))
    return redirect("training:index")


@require_GET
@role_required("privacy_officer")
def report(request: HttpRequest) -> HttpResponse:
    rows = access.report(request.user)
    return render(
        request,
        "training/report.html",
        {
            "rows": rows,
            "due": sum(1 for r in rows if r.standing.due),
            "place": jurisdiction(access.practice_jurisdiction()).name,
            "total": len(EXERCISES),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required("front_desk", "administrator")
def front_desk(request: HttpRequest) -> HttpResponse:
    """The script and the caller form. The answer on screen is the same whoever was asked
    about: the request is recorded unmatched, and matching is done by the request keeper."""
    form = CallerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_actions.record_request(
                acting_user=request.user, data=form.request_data(), request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The message is recorded for the practice. Tell the caller: if the person is "
                    "connected with us, the right person will get it."
                ),
            )
            return redirect("training:front_desk")
    code = access.practice_jurisdiction()
    return render(
        request,
        "training/front_desk.html",
        {"form": form, "sections": script(code), "place": jurisdiction(code).name},
    )
