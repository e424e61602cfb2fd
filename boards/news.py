"""The kinds of news boards tell people of (registered in registration.py; told by the services).

An action's overdue reminder is not news: it is the reminder rule "boards_action_overdue"
(digest.py), which tells each owner once per action.
"""

ACTION_ASSIGNED = "boards_action_assigned"
REPORT_BACK_ANSWERED = "boards_report_back_answered"
IDEA_ANSWERED = "boards_idea_answered"
IDEA_COMMENTED = "boards_idea_commented"
POST_MODERATED = "boards_post_moderated"
REPORT_TO_REVIEW = "boards_report_to_review"
