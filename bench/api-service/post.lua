-- wrk script: POST one small input per request, as a client of either service would.
wrk.method = "POST"
wrk.body = '{"source":"bench","payload":{"temperature":21.5,"tags":["a","b"],"ok":true}}'
wrk.headers["Content-Type"] = "application/json"
