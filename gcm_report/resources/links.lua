-- gcm-report: keep only web and mail links, and only the figures the renderer wrote.
-- Report text carries data (commitments, meeting places); Markdown that slips through in it
-- must not become a javascript:/file: link or make typst look for a file it was never given.
-- It is printed as written instead, as the HTML page (markdown-it) prints it.
local function web(target)
  return target:match("^https?://[^%s]+$") or target:match("^mailto:[^%s]+$")
    or target:match("^#[%w%-_]+$")
end

local function literal(open, content, target)
  local out = pandoc.List({ pandoc.Str(open) })
  out:extend(content)
  out:insert(pandoc.Str("](" .. target .. ")"))
  return out
end

function Link(el)
  if web(el.target) then
    return el
  end
  return literal("[", el.content, el.target)
end

function Image(el)
  if el.src:match("^figure%-%d+%.svg$") then
    return el
  end
  return literal("![", el.caption, el.src)
end
