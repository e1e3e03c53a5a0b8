-- wrk script: GET /search/ for one of the words in the WORDS environment variable, a different one each request,
-- with the query string in QUERY_TAIL after the word (such as "&limit=20").
local words = {}
for word in os.getenv("WORDS"):gmatch("%S+") do
  words[#words + 1] = word
end
local tail = os.getenv("QUERY_TAIL") or ""
local counter = 0
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ACCESS")

request = function()
  counter = counter + 1
  return wrk.format("GET", "/search/?q=" .. words[(counter % #words) + 1] .. tail)
end
