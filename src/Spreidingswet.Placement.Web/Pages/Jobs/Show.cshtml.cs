using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.Jobs;

/// <summary>A queued or running proposal: live progress (the page's script polls /api/jobs/{id}) and cancel.</summary>
public sealed class ShowModel(ProposalRunner queue, IAuthorizationService authorization) : PageModel
{
    public ProposalJob? Job { get; private set; }

    public bool CanPlan { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        Job = queue.Find(id);
        if (Job is null)
        {
            return NotFound();
        }

        CanPlan = (await authorization.AuthorizeAsync(User, Roles.Plan)).Succeeded;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string id)
    {
        if (!(await authorization.AuthorizeAsync(User, Roles.Plan)).Succeeded)
        {
            return Forbid();
        }

        queue.Cancel(id);
        return Redirect($"/jobs/{id}");
    }
}
