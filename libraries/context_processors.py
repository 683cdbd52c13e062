from libraries.permissions import get_access


def access(request):
    return {"access": get_access(request)}
