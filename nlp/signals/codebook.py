"""The codebook: the signal codes the engine emits (a stable public contract).

Thematic reviewers aggregate on these codes across thousands of documents, so a code is never renamed
or reused; a new concern gets a new code.
"""
from __future__ import annotations

CODEBOOK: dict[str, str] = {
    "pathway.academic": "A levels, sixth form study, university, higher education, degrees, UCAS, Russell Group, Oxbridge",
    "pathway.technical": "apprenticeships, T levels, BTEC, vocational and technical qualifications, college courses, "
                         "traineeships, supported internships, HTQs",
    "activity.employer_encounter": "employer talks, assemblies, fairs, mentoring, enterprise challenges, mock interviews (GB5)",
    "activity.workplace_experience": "work experience, industry placements, job shadowing, workplace visits (GB6)",
    "activity.provider_encounter": "colleges, universities, training and apprenticeship providers meeting pupils (GB7, PAL)",
    "activity.personal_guidance": "one-to-one or small-group guidance with a careers adviser, guidance interviews (GB8)",
    "activity.lmi": "use of labour market information (GB2)",
    "activity.curriculum_link": "careers linked within subject teaching (GB4)",
    "resource.online": "websites, online platforms and careers software, emailed links",
    "support.tailored": "SEND, EHC plans, disadvantaged pupils, pupils at risk of NEET, challenging stereotypes (GB3)",
    "governance.careers_leader": "a named careers leader or coordinator",
    "governance.evaluation": "monitoring, evaluation, review, feedback, Compass, impact measurement",
    "governance.provider_access": "provider access policy statement, provider access legislation, Baker clause",
    "governance.review_date": "the date by which published information will next be reviewed",
    "outcome.destinations": "pupils' destinations, NEET figures, progression outcomes",
    "context.quality_award": "a careers quality award named as held, worked towards, lapsed or re-assessed: the Quality in "
                             "Careers Standard and the awards licensed under it (context for the briefing, not provision)",
}

SIGNAL_CODES: tuple[str, ...] = tuple(CODEBOOK)

# Codes that describe provision pupils receive (what "delivered" and "aspirational" are judged on).
ACTIVITY_CODES: tuple[str, ...] = tuple(c for c in SIGNAL_CODES if c.startswith("activity."))
