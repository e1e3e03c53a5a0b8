-- wrk script: POST a prompt to the session in the SESSION_PATH environment variable, or in turn to each of the
-- sessions in SESSION_PATHS (space-separated), so that each conversation stays short.
wrk.method = "POST"
wrk.path = os.getenv("SESSION_PATH")
wrk.body = '{"prompt": "Say something short."}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ACCESS")

local paths = {}
for path in string.gmatch(os.getenv("SESSION_PATHS") or "", "%S+") do
  paths[#paths + 1] = path
end
local turn = 0

if #paths > 0 then
  request = function()
    turn = turn + 1
    return wrk.format(nil, paths[(turn % #paths) + 1])
  end
end
