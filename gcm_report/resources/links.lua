-- gcm-report: keep only web and mail links, and only the figures the renderer wrote.
-- Report text carries data (commitments, meeting places); whatever Markdown slips through must
-- not become a javascript:/file: link or make typst look for a file it was never given.
local function web(target)
  return target:match("^https?://[^%s]+$") or target:match("^mailto:[^%s]+$")
    or target:match("^#[%w%-_]+$")
end

function Link(el)
  if web(el.target) then
    return el
  end
  return el.content
end

function Image(el)
  if el.src:match("^figure%-%d+%.svg$") then
    return el
  end
  return el.caption
end
