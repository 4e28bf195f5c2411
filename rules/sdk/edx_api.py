"""Fixture for rules/sdk/edx_api.json."""
from django.conf import settings
from edx_api.client import EdxApi


def get_client(token):
    return EdxApi({"access_token": token}, settings.OPENEDX_API_BASE_URL, timeout=10)


def enrollments(user):
    client = get_client(user.token)
    # edge: sdk_call edx_api.enrollments.CourseEnrollments.get_student_enrollments
    return client.enrollments.get_student_enrollments().get_enrollment_for_course("course-v1:X+Y+Z")


def enroll(user, run):
    edx = get_client(user.token)
    # edge: sdk_call edx_api.enrollments.CourseEnrollments.create_student_enrollment
    edx.enrollments.create_student_enrollment(run.courseware_id, mode="audit")


def grades_client():
    return get_client(settings.OPENEDX_SERVICE_WORKER_API_TOKEN).current_grades


def grades(run):
    # edge: sdk_call edx_api.grades.UserCurrentGrades.get_course_current_grades
    return grades_client().get_course_current_grades(run.courseware_id)


def public_courses():
    api = EdxApi({"access_token": ""})
    # edge: sdk_call edx_api.course_list.CourseList.get_courses
    return list(api.course_list.get_courses(course_keys=["course-v1:X+Y+Z"]))


def not_requests(user):
    client = get_client(user.token)
    # ok: sdk_call
    client.get_requester()
