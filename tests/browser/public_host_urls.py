"""The portal's URLs plus a stand-in for a library's own website (another origin when
opened as http://localhost:… while the card is asked from http://127.0.0.1:…)."""

from csp.decorators import csp_exempt
from django.http import HttpResponse
from django.urls import path

from libreport.urls import urlpatterns as portal_urlpatterns


@csp_exempt()
def library_website(request):
    port = request.get_port()
    return HttpResponse(
        '<!DOCTYPE html><html lang="lv"><head><title>Maltas bibliotēka</title></head><body>'
        f'<iframe id="card" src="http://127.0.0.1:{port}/libraries/maltas/embed/" '
        'title="Skaitļi"></iframe>'
        f'<iframe id="page" src="http://127.0.0.1:{port}/libraries/maltas/" '
        'title="Lapa"></iframe></body></html>')


urlpatterns = [path("a-library-website/", library_website), *portal_urlpatterns]
